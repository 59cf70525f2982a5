package io.kdp.k8s.model;

/** An enum whose constants are spelled in the Kubernetes API as {@link #apiName()}. */
public interface ApiEnum {
    /** The value as written in the API, e.g. {@code ClusterIP}. */
    String apiName();

    /** The constant of {@code type} spelled {@code apiName} in the API, or {@code null} when there is none. */
    static <E extends Enum<E> & ApiEnum> E fromApi(Class<E> type, String apiName) {
        for (E e : type.getEnumConstants()) {
            if (e.apiName().equals(apiName)) return e;
        }
        return null;
    }

    /** The API spellings of all constants of {@code type}, for error messages, e.g. {@code "TCP", "UDP", "SCTP"}. */
    static <E extends Enum<E> & ApiEnum> String allowed(Class<E> type) {
        StringBuilder sb = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append('"').append(e.apiName()).append('"');
        }
        return sb.toString();
    }
}
