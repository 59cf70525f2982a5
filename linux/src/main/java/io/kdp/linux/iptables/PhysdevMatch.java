package io.kdp.linux.iptables;

import io.kdp.linux.BridgeDevice;
import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/**
 * {@code -m physdev} (xt_physdev.c): the bridge ports a bridged packet came in on or goes out of. kdp keeps no
 * per-packet bridge port, so a packet counts as bridged-in when it was received on a bridge device while
 * br_netfilter is loaded (the kernel's nf_bridge info exists then); port names are compared with that bridge's
 * name. A packet without bridge info matches only where every option given is inverted, as physdev_mt does.
 *
 * @param in {@code --physdev-in} name or null; {@code out} likewise
 */
public record PhysdevMatch(String in, boolean invIn, String out, boolean invOut, Boolean isIn, Boolean isOut, Boolean isBridged)
        implements Match {
    @Override
    public String module() { return "physdev"; }

    /** libxt_physdev's save order: in, out, is-in, is-out, is-bridged. */
    @Override
    public void save(StringBuilder sb) {
        if (in != null) sb.append(invIn ? " !" : "").append(" --physdev-in ").append(in);
        if (out != null) sb.append(invOut ? " !" : "").append(" --physdev-out ").append(out);
        if (isIn != null) sb.append(isIn ? "" : " !").append(" --physdev-is-in");
        if (isOut != null) sb.append(isOut ? "" : " !").append(" --physdev-is-out");
        if (isBridged != null) sb.append(isBridged ? "" : " !").append(" --physdev-is-bridged");
    }

    @Override
    public boolean matches(SkBuff skb, Hook hook, Iptables ipt) {
        boolean bridgedIn = skb.inDev() instanceof BridgeDevice && skb.ns().brNetfilter();
        if (!bridgedIn) {
            // no nf_bridge info: only inverted options match
            if (isBridged != null && isBridged) return false;
            if (isIn != null && isIn) return false;
            if (isOut != null && isOut) return false;
            if (in != null && !invIn) return false;
            return out == null || invOut;
        }
        if (isBridged != null && isBridged != (skb.outDev() instanceof BridgeDevice)) return false;
        if (isIn != null && !isIn) return false;
        if (isOut != null && isOut != (skb.outDev() instanceof BridgeDevice)) return false;
        if (in != null && in.equals(skb.inName()) == invIn) return false;
        return out == null || out.equals(skb.outName()) != invOut;
    }

    static final class Builder implements MatchBuilder {
        private String in, out;
        private boolean invIn, invOut;
        private Boolean isIn, isOut, isBridged;

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            switch (option) {
                case "--physdev-in" -> { in = args.value(option); invIn = invert; }
                case "--physdev-out" -> { out = args.value(option); invOut = invert; }
                case "--physdev-is-in" -> isIn = !invert;
                case "--physdev-is-out" -> isOut = !invert;
                case "--physdev-is-bridged" -> isBridged = !invert;
                default -> { return false; }
            }
            return true;
        }

        @Override
        public Match build(RuleBase base) throws RuleSyntaxException {
            if (in == null && out == null && isIn == null && isOut == null && isBridged == null) {
                throw new RuleSyntaxException("PHYSDEV: no physdev option specified");
            }
            return new PhysdevMatch(in, invIn, out, invOut, isIn, isOut, isBridged);
        }
    }
}
