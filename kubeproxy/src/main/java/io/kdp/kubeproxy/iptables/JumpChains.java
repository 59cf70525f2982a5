package io.kdp.kubeproxy.iptables;

import java.util.ArrayList;
import java.util.List;

/**
 * The chains and jump rules kube-proxy ensures on every full sync, outside iptables-restore, because it must not
 * replace the built-in chains' other rules (proxier.go {@code iptablesJumpChains} then
 * {@code iptablesKubeletJumpChains}), plus the {@code KUBE-PROXY-CANARY} chains its iptables monitor creates in
 * mangle, nat and filter. Each jump rule is prepended, so the last one ensured ends up first in its chain.
 */
public final class JumpChains {
    /** kubeProxyCanaryChain. */
    public static final String CANARY = "KUBE-PROXY-CANARY";

    private record Jump(String table, String dstChain, String srcChain, String comment, List<String> extraArgs) {}

    private static final List<String> NEW = List.of("-m", "conntrack", "--ctstate", "NEW");

    private static final List<Jump> JUMPS = List.of(
            new Jump("filter", "KUBE-EXTERNAL-SERVICES", "INPUT", "kubernetes externally-visible service portals", NEW),
            new Jump("filter", "KUBE-EXTERNAL-SERVICES", "FORWARD", "kubernetes externally-visible service portals", NEW),
            new Jump("filter", "KUBE-NODEPORTS", "INPUT", "kubernetes health check service ports", List.of()),
            new Jump("filter", "KUBE-SERVICES", "FORWARD", "kubernetes service portals", NEW),
            new Jump("filter", "KUBE-SERVICES", "OUTPUT", "kubernetes service portals", NEW),
            new Jump("filter", "KUBE-FORWARD", "FORWARD", "kubernetes forwarding rules", List.of()),
            new Jump("filter", "KUBE-PROXY-FIREWALL", "INPUT", "kubernetes load balancer firewall", NEW),
            new Jump("filter", "KUBE-PROXY-FIREWALL", "OUTPUT", "kubernetes load balancer firewall", NEW),
            new Jump("filter", "KUBE-PROXY-FIREWALL", "FORWARD", "kubernetes load balancer firewall", NEW),
            new Jump("nat", "KUBE-SERVICES", "OUTPUT", "kubernetes service portals", List.of()),
            new Jump("nat", "KUBE-SERVICES", "PREROUTING", "kubernetes service portals", List.of()),
            new Jump("nat", "KUBE-POSTROUTING", "POSTROUTING", "kubernetes postrouting rules", List.of()),
            // iptablesKubeletJumpChains: duplicates of kubelet's, with no comment
            new Jump("filter", "KUBE-FIREWALL", "INPUT", "", List.of()),
            new Jump("filter", "KUBE-FIREWALL", "OUTPUT", "", List.of()));

    private JumpChains() {}

    /** The canary chains (ipt.Monitor), then each jump's destination chain, in the order kube-proxy ensures them. */
    public static List<EnsuredChain> chains() {
        List<EnsuredChain> out = new ArrayList<>();
        for (String t : List.of("mangle", "nat", "filter")) out.add(new EnsuredChain(t, CANARY));
        for (Jump j : JUMPS) {
            EnsuredChain c = new EnsuredChain(j.table, j.dstChain);
            if (!out.contains(c)) out.add(c);
        }
        return List.copyOf(out);
    }

    /** The jump rules in the order kube-proxy ensures (prepends) them. */
    public static List<EnsuredRule> rules() {
        List<EnsuredRule> out = new ArrayList<>();
        for (Jump j : JUMPS) {
            List<String> args = new ArrayList<>(j.extraArgs);
            if (!j.comment.isEmpty()) args.addAll(List.of("-m", "comment", "--comment", j.comment));
            args.addAll(List.of("-j", j.dstChain));
            out.add(new EnsuredRule(j.table, j.srcChain, args));
        }
        return List.copyOf(out);
    }
}
