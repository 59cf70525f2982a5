package io.kdp.k8s.model;

/** meta/v1 LabelSelectorOperator. */
public enum LabelSelectorOperator implements ApiEnum {
    IN("In"),
    NOT_IN("NotIn"),
    EXISTS("Exists"),
    DOES_NOT_EXIST("DoesNotExist");

    private final String apiName;

    LabelSelectorOperator(String apiName) {
        this.apiName = apiName;
    }

    @Override
    public String apiName() {
        return apiName;
    }

    /** The constant spelled {@code apiName} in the API, or {@code null}. */
    public static LabelSelectorOperator fromApi(String apiName) {
        return ApiEnum.fromApi(LabelSelectorOperator.class, apiName);
    }

    /** The API spelling. */
    @Override
    public String toString() {
        return apiName;
    }
}
