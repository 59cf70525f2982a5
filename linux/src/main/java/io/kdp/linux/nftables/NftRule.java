package io.kdp.linux.nftables;

/**
 * One rule (struct nft_rule): its handle, expressions in order and optional comment. Immutable but
 * for its counters; the text a trace shows is rendered once.
 */
public final class NftRule {
    private final int handle;
    final NftExpr[] exprs;
    private final String comment;
    private String traceText;
    private String dropReason;

    NftRule(int handle, NftExpr[] exprs, String comment) {
        this.handle = handle;
        this.exprs = exprs;
        this.comment = comment;
    }

    /** The rule handle ({@code nft -a list ruleset}). */
    public int handle() { return handle; }

    public String comment() { return comment; }

    /** Appends the rule as {@code nft list ruleset} prints it (without indentation). */
    void render(StringBuilder sb, NftFamily family, boolean trace) {
        for (int i = 0; i < exprs.length; i++) {
            if (i > 0) sb.append(' ');
            exprs[i].render(sb, family, trace);
        }
        if (comment != null) sb.append(exprs.length > 0 ? " " : "").append("comment \"").append(comment).append('"');
    }

    /** The rule text, counters without values, as traces show it. */
    String traceText(NftFamily family) {
        if (traceText == null) {
            StringBuilder sb = new StringBuilder();
            render(sb, family, true);
            traceText = sb.toString();
        }
        return traceText;
    }

    /** Why a packet this rule dropped was dropped, e.g. {@code nft ip kube-proxy cluster-ips-check: ip daddr ... drop}. */
    String dropReason(NftTable table, NftChain chain) {
        if (dropReason == null) dropReason = "nft " + table.family().keyword() + " " + table.name() + " " + chain.name() + ": " + traceText(table.family());
        return dropReason;
    }

    /** The rule as nft lists it. */
    public String text(NftFamily family) {
        StringBuilder sb = new StringBuilder();
        render(sb, family, false);
        return sb.toString();
    }
}
