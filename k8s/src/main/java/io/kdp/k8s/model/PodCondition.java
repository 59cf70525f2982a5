package io.kdp.k8s.model;

/** core/v1 PodCondition: {@code type} such as Ready, {@code status} "True", "False" or "Unknown". */
public record PodCondition(String type, String status) {
    public static final String READY = "Ready";

    public PodCondition {
        type = Norm.str(type);
        status = Norm.str(status);
    }

    public boolean isTrue() {
        return "True".equals(status);
    }
}
