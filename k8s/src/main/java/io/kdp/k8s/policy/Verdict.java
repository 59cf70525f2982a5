package io.kdp.k8s.policy;

import io.kdp.k8s.model.PolicyType;
import java.util.List;

/**
 * NetworkPolicy's answer for a connection: allowed when egress from the source and ingress to the destination
 * both allow it.
 */
public record Verdict(Connection connection, DirectionVerdict egress, DirectionVerdict ingress) {
    public Verdict {
        if (connection == null || egress == null || ingress == null) throw new IllegalArgumentException("verdict: missing field");
        if (egress.direction() != PolicyType.EGRESS || ingress.direction() != PolicyType.INGRESS) {
            throw new IllegalArgumentException("verdict: egress and ingress verdicts swapped");
        }
    }

    /**
     * The verdict for any later packet of an allowed connection, in either direction, replies included.
     * Enforcement is stateful: Calico accepts {@code --ctstate RELATED,ESTABLISHED} at the top of its per-endpoint
     * chains, Cilium skips the policy lookup for packets its connection tracker has seen. Only allowed connections
     * reach conntrack confirmation, so an established packet never needs the policies again.
     */
    public static Verdict established(Connection connection) {
        return new Verdict(connection,
                new DirectionVerdict(PolicyType.EGRESS, Outcome.ESTABLISHED, connection.source().describe(), List.of(), List.of()),
                new DirectionVerdict(PolicyType.INGRESS, Outcome.ESTABLISHED, connection.destination().describe(), List.of(), List.of()));
    }

    public boolean allowed() {
        return egress.allowed() && ingress.allowed();
    }

    /** The direction that denied the connection (egress is checked first, at the source), or null when allowed. */
    public DirectionVerdict deniedBy() {
        if (!egress.allowed()) return egress;
        if (!ingress.allowed()) return ingress;
        return null;
    }

    /**
     * Three lines: {@code x/a -> x/b TCP/80: allowed} (or {@code denied}), then egress and ingress
     * ({@link DirectionVerdict#describe()}).
     */
    public String describe() {
        return connection + ": " + (allowed() ? "allowed" : "denied") + "\n  " + egress.describe() + "\n  " + ingress.describe();
    }

    @Override
    public String toString() {
        return describe();
    }
}
