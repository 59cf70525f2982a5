package io.kdp.k8s.yaml;

/**
 * Bad user input in a manifest: {@link #getMessage()} is {@code file:line: field: message}, or
 * {@code file:line: message} when no field applies.
 */
public class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String field;
    private final String detail;

    public ManifestException(String file, int line, String field, String detail) {
        super(format(file, line, field, detail));
        this.file = file;
        this.line = line;
        this.field = field == null ? "" : field;
        this.detail = detail;
    }

    private static String format(String file, int line, String field, String detail) {
        StringBuilder sb = new StringBuilder(file).append(':').append(line).append(": ");
        if (field != null && !field.isEmpty()) sb.append(field).append(": ");
        return sb.append(detail).toString();
    }

    /** The source name (file name or the name given for a string). */
    public String file() {
        return file;
    }

    /** 1-based line. */
    public int line() {
        return line;
    }

    /** The field path such as {@code spec.ports[0].port}, or {@code ""}. */
    public String field() {
        return field;
    }

    /** The message without location. */
    public String detail() {
        return detail;
    }
}
