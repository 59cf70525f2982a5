package io.kdp.cluster.offline;

import io.kdp.linux.trace.Step;

/**
 * The kernel's IPVS decision for the traced packet, from its {@code ipvs} lookup step: which virtual service it
 * hit, which scheduler chose, and the real server chosen. On the synthetic node the packet is the first of its
 * connection and the connection table starts empty, so no scheduler draws at random: {@code rr} takes the first
 * real server in the kernel's list (the one {@code ipvsadm -Ln} lists first), {@code wrr}, {@code lc}, {@code sh},
 * {@code dh}, {@code mh} ... decide from the weights, the (empty) counts or the packet's addresses.
 *
 * @param service the virtual service as ipvsadm names it: {@code TCP 10.96.0.10:80}
 * @param scheduler the scheduler that chose ({@code rr}, {@code wrr} ...), {@code persistent template} when a
 *                  persistence template did, {@code existing conn} for a connection IPVS already had
 * @param destination the real server chosen as {@code IP:PORT}, or null when none was available
 * @param detail what else the lookup said ({@code persistent 10800s}, a connection's state), or null
 */
public record IpvsDecision(String service, String scheduler, String destination, String detail) {
    /** The lookup table name of IPVS's trace steps. */
    static final String TABLE = "ipvs";
    private static final String NO_DESTINATION = "no destination available";

    /** Reads a lookup step of the kernel's IPVS: {@code key} is the service, {@code result} {@code <scheduler> -> <server> (new conn[, ...])}. */
    static IpvsDecision of(Step.Lookup step) {
        String result = step.result();
        int arrow = result.indexOf(" -> ");
        if (arrow < 0) return new IpvsDecision(step.key(), result, null, null);
        String scheduler = result.substring(0, arrow);
        String rest = result.substring(arrow + 4);
        if (rest.startsWith(NO_DESTINATION)) return new IpvsDecision(step.key(), scheduler, null, null);
        int paren = rest.indexOf(" (");
        if (paren < 0 || !rest.endsWith(")")) return new IpvsDecision(step.key(), scheduler, rest, null);
        String detail = rest.substring(paren + 2, rest.length() - 1);
        // every traced packet opens a new connection: saying so adds nothing
        if (detail.equals("new conn")) detail = null;
        else if (detail.startsWith("new conn, ")) detail = detail.substring("new conn, ".length());
        return new IpvsDecision(step.key(), scheduler, rest.substring(0, paren), detail);
    }

    /** The step line: {@code ipvs TCP 10.96.0.10:80 -> rr -> 10.244.1.5:8080}, {@code ... (persistent 10800s)}, {@code ... -> rr -> no destination available}. */
    public String line() {
        return "ipvs " + service + " -> " + scheduler + " -> " + (destination == null ? NO_DESTINATION : destination)
                + (detail == null ? "" : " (" + detail + ")");
    }
}
