package io.kdp.cluster.offline;

import io.kdp.linux.trace.Step;
import io.kdp.linux.trace.Tracer;
import java.util.ArrayList;
import java.util.List;

/**
 * The tracer of an offline nftables node: keeps the nft rule steps of the traced packet on the node, as lines
 * like {@code nft monitor trace} reports them:
 * <ul>
 *   <li>a rule that matched: {@code nft <family> <table> <chain>: <rule as nft lists it>  => <verdict>}, e.g.
 *       {@code nft ip kube-proxy services: ip daddr . meta l4proto . th dport vmap @service-ips  => goto service-...};
 *       a rule that only sets something (mark, update) has no verdict;</li>
 *   <li>a base chain's policy when it drops: {@code nft ip t c: policy drop  => drop}.</li>
 * </ul>
 * Accept policies (the next hook function is consulted) give no line, as in {@link RuleSteps}.
 *
 * <p>A {@code reject} sends its ICMP error or reset from inside the expression, so, as in the kernel (nft_reject
 * calls ip_local_out before nft_do_chain emits the rule's trace event), the error's own hook traversal comes
 * before the reject rule's step; {@link #rejectedBy} recovers that step.
 */
final class NftRuleSteps implements Tracer {
    private final String host;
    private final PathObserver observer;
    private final List<String> lines = new ArrayList<>();
    /** The last dropping rule seen while another packet's traversal was under way. */
    private String lastOtherDrop;

    NftRuleSteps(String host, PathObserver observer) {
        this.host = host;
        this.observer = observer;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void step(String stepHost, Step step) {
        if (!(step instanceof Step.NftRule r) || !stepHost.equals(host)) return;
        if (!observer.tracing()) {
            if (r.verdict().equals("drop")) lastOtherDrop = r.text();
            return;
        }
        if (r.handle() == 0 && r.rule().equals("policy accept")) return;
        lines.add(r.text());
    }

    /** Adds the step of the reject rule that rejected the traced packet ({@code dropReason} names the rule). */
    void rejectedBy(String dropReason) {
        if (lastOtherDrop != null && lastOtherDrop.equals(dropReason + "  => drop")) lines.add(lastOtherDrop);
    }

    /** The step lines recorded, in order. */
    List<String> lines() {
        return List.copyOf(lines);
    }
}
