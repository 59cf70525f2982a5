package io.kdp.linux.nftables;

/**
 * An nftables verdict (struct nft_verdict): accept, drop, continue, return, or jump/goto a chain
 * named in the same table. Instances are made when rules and map elements are parsed, so that
 * evaluation passes them around without allocating.
 */
public final class NftVerdict {
    /** The verdict codes (NF_ACCEPT, NF_DROP, NFT_CONTINUE, NFT_RETURN, NFT_JUMP, NFT_GOTO). */
    public enum Kind { ACCEPT, DROP, CONTINUE, RETURN, JUMP, GOTO }

    public static final NftVerdict ACCEPT = new NftVerdict(Kind.ACCEPT, null);
    public static final NftVerdict DROP = new NftVerdict(Kind.DROP, null);
    public static final NftVerdict CONTINUE = new NftVerdict(Kind.CONTINUE, null);
    public static final NftVerdict RETURN = new NftVerdict(Kind.RETURN, null);
    /** Internal: the expression matched, go on with the rule's next expression. */
    static final NftVerdict NEXT = new NftVerdict(Kind.CONTINUE, null);

    private final Kind kind;
    private final String chain;
    private final String text;

    private NftVerdict(Kind kind, String chain) {
        this.kind = kind;
        this.chain = chain;
        this.text = chain == null ? kind.name().toLowerCase(java.util.Locale.ROOT) : kind.name().toLowerCase(java.util.Locale.ROOT) + " " + chain;
    }

    /** {@code jump CHAIN}. */
    public static NftVerdict jump(String chain) {
        return new NftVerdict(Kind.JUMP, chain);
    }

    /** {@code goto CHAIN}. */
    public static NftVerdict goTo(String chain) {
        return new NftVerdict(Kind.GOTO, chain);
    }

    public Kind kind() { return kind; }

    /** The target chain of a jump or goto, else null. */
    public String chain() { return chain; }

    /** Whether the verdict ends evaluation of the hook's chains (accept or drop). */
    public boolean terminal() {
        return kind == Kind.ACCEPT || kind == Kind.DROP;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NftVerdict v && v.kind == kind && java.util.Objects.equals(v.chain, chain);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + (chain == null ? 0 : chain.hashCode());
    }

    /** As nft prints it: {@code accept}, {@code goto service-...}. */
    @Override
    public String toString() {
        return text;
    }
}
