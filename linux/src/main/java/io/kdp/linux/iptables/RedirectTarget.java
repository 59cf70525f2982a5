package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.conntrack.NatRange;
import io.kdp.linux.conntrack.NatType;
import io.kdp.linux.netfilter.Hook;

/**
 * {@code -j REDIRECT [--to-ports p[-p]] [--random]} (xt_REDIRECT.c): DNAT to the local address of
 * the incoming device, or 127.0.0.1 for locally generated packets. nat PREROUTING and OUTPUT only.
 */
public record RedirectTarget(int minPort, int maxPort, boolean random) implements ExtensionTarget {
    @Override
    public String name() { return "REDIRECT"; }

    @Override
    public void save(StringBuilder sb) {
        if (minPort != 0) {
            sb.append(" --to-ports ").append(minPort);
            if (maxPort != minPort) sb.append('-').append(maxPort);
        }
        if (random) sb.append(" --random");
    }

    @Override
    public int apply(SkBuff skb, Hook hook, Iptables ipt) {
        int addr = ipt.env().redirectAddress(skb, hook);
        if (addr == 0) {
            skb.drop("REDIRECT: no address on the incoming device");
            return DROP;
        }
        return Iptables.code(ipt.env().natSetup(skb, NatType.DST, new NatRange(addr, addr, minPort, maxPort, random, false, false)));
    }

    @Override
    public String check(String table, int hookMask) {
        return ExtensionTarget.restrict("REDIRECT", table, hookMask, "nat", HookMask.of(Hook.PREROUTING, Hook.OUTPUT));
    }

    static final class Builder implements TargetBuilder {
        private String ports;
        private boolean random;

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            switch (option) {
                case "--to-ports" -> ports = args.value(option);
                case "--random" -> random = true;
                default -> {
                    return false;
                }
            }
            return true;
        }

        @Override
        public ExtensionTarget build(RuleBase base) throws RuleSyntaxException {
            int[] p = ports == null ? new int[] {0, 0} : MasqueradeTarget.ports(ports, base);
            return new RedirectTarget(p[0], p[1], random);
        }
    }
}
