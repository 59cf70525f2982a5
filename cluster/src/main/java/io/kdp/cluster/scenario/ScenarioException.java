package io.kdp.cluster.scenario;

/**
 * A scenario file that cannot be used; the message names the file, line and field:
 * {@code scenario.yaml:12: kdp.nodes[1].podCIDR: '10.244.1.0/33' is not an IPv4 CIDR}.
 */
public final class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String file, int line, String field, String message) {
        super(file + ":" + line + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
