package io.kdp.cluster.capture;

import io.kdp.linux.trace.Step;
import java.util.Locale;
import java.util.Set;

/**
 * The pcapng comment of a captured frame: the trace step that sent or received it and the last
 * address rewrite its host made to the packet before, e.g.
 * {@code step 31 node-a tx eth0 (after nat:KUBE-SEP-UIQK3OSOSTRHRPBX DNAT 10.96.0.10:80 -> 10.244.1.2:8080)}.
 */
final class StepComment {
    /** iptables targets that rewrite addresses (the nat table's). */
    private static final Set<String> NAT_TARGETS = Set.of("DNAT", "SNAT", "MASQUERADE", "REDIRECT", "NETMAP");

    private StepComment() {}

    static String of(int step, String host, boolean outbound, String device, String lastNat) {
        String s = "step " + step + " " + host + (outbound ? " tx " : " rx ") + device;
        return lastNat == null ? s : s + " (after " + lastNat + ")";
    }

    /**
     * A NAT step as the comment names it: with the rule that made it when the step before is that
     * rule ({@code nat:KUBE-SEP-X DNAT a -> b}), bare when conntrack applied a stored binding.
     */
    static String nat(Step.Nat nat, Step previous) {
        if (previous instanceof Step.Rule r && NAT_TARGETS.contains(r.verdict())) {
            return r.table() + ":" + r.chain() + " " + nat.text();
        }
        if (previous instanceof Step.NftRule r && isNftNat(r.verdict())) {
            return "nft:" + r.table() + ":" + r.chain() + " " + nat.text();
        }
        return nat.text();
    }

    private static boolean isNftNat(String verdict) {
        String v = verdict == null ? "" : verdict.toLowerCase(Locale.ROOT);
        return v.contains("dnat") || v.contains("snat") || v.contains("masquerade") || v.contains("redirect");
    }
}
