package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/**
 * {@code iifname "eth0"}, {@code oifname != "lo"}, {@code iifname "veth*"} (meta iifname/oifname; a
 * trailing {@code *} matches a prefix). No device means no match.
 */
record IfnameMatch(boolean output, boolean negate, String name, boolean wildcard) implements NftExpr {
    @Override
    public NftVerdict eval(SkBuff skb, Hook hook, NftEval ev) {
        String dev = output ? skb.outName() : skb.inName();
        if (dev == null) return null;
        boolean m = wildcard ? dev.startsWith(name) : dev.equals(name);
        return m != negate ? NftVerdict.NEXT : null;
    }

    @Override
    public void render(StringBuilder sb, NftFamily family, boolean trace) {
        sb.append(output ? "oifname " : "iifname ").append(negate ? "!= " : "").append('"').append(name).append(wildcard ? "*" : "").append('"');
    }
}
