package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/** A match on an IPv6 field ({@code ip6 saddr ::1}), kept as written: the emulator's IPv4 packets never match it. */
record TextCompare(KeySource source, boolean negate, String text) implements NftExpr {
    @Override
    public NftVerdict eval(SkBuff skb, Hook hook, NftEval ev) {
        return null; // the field is absent from an IPv4 packet: the rule breaks, as the kernel's payload load does
    }

    @Override
    public void render(StringBuilder sb, NftFamily family, boolean trace) {
        source.render(sb);
        sb.append(negate ? " != " : " ").append(text);
    }
}
