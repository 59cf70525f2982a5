package io.kdp.k8s.model;

/**
 * intstr.IntOrString: a port number or a port name. Exactly one of the two is meaningful:
 * {@link #isInt()} tells which; {@code strVal} is null for a number.
 */
public record IntOrString(int intVal, String strVal) {
    public static IntOrString of(int value) {
        return new IntOrString(value, null);
    }

    public static IntOrString of(String name) {
        if (name == null) throw new IllegalArgumentException("null IntOrString name");
        return new IntOrString(0, name);
    }

    public boolean isInt() {
        return strVal == null;
    }

    public boolean isString() {
        return strVal != null;
    }

    /** Zero value of the Go type (int 0 or empty string), which defaulting treats as unset. */
    public boolean isZero() {
        return isInt() ? intVal == 0 : strVal.isEmpty();
    }

    /** The number or the name, as written in YAML. */
    @Override
    public String toString() {
        return isInt() ? Integer.toString(intVal) : strVal;
    }
}
