package io.kdp.cluster.offline;

import io.kdp.linux.trace.Step;

/**
 * Turns the node's nft rule steps into step lines like {@code nft monitor trace} reports them:
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
final class NftRuleSteps implements StepLines {
    /** The last dropping rule seen while another packet's traversal was under way. */
    private String lastOtherDrop;

    @Override
    public String line(Step step) {
        if (!(step instanceof Step.NftRule r)) return null;
        if (r.handle() == 0 && r.rule().equals("policy accept")) return null;
        return r.text();
    }

    @Override
    public void other(Step step) {
        if (step instanceof Step.NftRule r && r.verdict().equals("drop")) lastOtherDrop = r.text();
    }

    @Override
    public String rejectedBy(String dropReason) {
        return lastOtherDrop != null && lastOtherDrop.equals(dropReason + "  => drop") ? lastOtherDrop : null;
    }
}
