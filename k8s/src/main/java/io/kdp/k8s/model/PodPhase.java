package io.kdp.k8s.model;

/** core/v1 PodPhase. */
public enum PodPhase implements ApiEnum {
    PENDING("Pending"),
    RUNNING("Running"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    UNKNOWN("Unknown");

    private final String apiName;

    PodPhase(String apiName) {
        this.apiName = apiName;
    }

    @Override
    public String apiName() {
        return apiName;
    }

    /** The constant spelled {@code apiName} in the API, or {@code null}. */
    public static PodPhase fromApi(String apiName) {
        return ApiEnum.fromApi(PodPhase.class, apiName);
    }

    /** The API spelling. */
    @Override
    public String toString() {
        return apiName;
    }
}
