package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;

/**
 * {@code numgen random mod N [offset O]} (nft_numgen.c, NFT_NG_RANDOM): a random number in
 * {@code [O, O+N)}, drawn from the namespace's seeded random source so traces are reproducible.
 */
record Numgen(int modulus, int offset) implements KeySource {
    @Override
    public NftType type() { return NftType.INTEGER; }

    @Override
    public long load(SkBuff skb, NftEval ev) {
        return ev.numgen(modulus) + (long) offset;
    }

    @Override
    public void render(StringBuilder sb) {
        sb.append("numgen random mod ").append(modulus);
        if (offset != 0) sb.append(" offset ").append(offset);
    }
}
