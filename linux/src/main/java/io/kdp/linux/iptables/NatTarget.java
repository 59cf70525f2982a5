package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.conntrack.NatRange;
import io.kdp.linux.conntrack.NatType;
import io.kdp.linux.netfilter.Hook;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;

/**
 * {@code -j DNAT --to-destination} and {@code -j SNAT --to-source} (xt_nat.c): sets up the
 * connection's NAT binding through the NAT core. Only in the nat table; DNAT from PREROUTING and
 * OUTPUT, SNAT from POSTROUTING and INPUT.
 *
 * @param hasAddress whether an address range was given (NF_NAT_RANGE_MAP_IPS)
 */
public record NatTarget(NatType type, boolean hasAddress, NatRange range) implements ExtensionTarget {
    @Override
    public String name() { return type == NatType.DST ? "DNAT" : "SNAT"; }

    @Override
    public void save(StringBuilder sb) {
        sb.append(type == NatType.DST ? " --to-destination " : " --to-source ");
        if (hasAddress) {
            sb.append(Ip4.format(range.minAddress()));
            if (range.maxAddress() != range.minAddress()) sb.append('-').append(Ip4.format(range.maxAddress()));
        }
        if (range.portSpecified()) {
            sb.append(':').append(range.minPort());
            if (range.maxPort() != range.minPort()) sb.append('-').append(range.maxPort());
        }
        if (range.random()) sb.append(" --random");
        if (range.randomFully()) sb.append(" --random-fully");
        if (range.persistent()) sb.append(" --persistent");
    }

    @Override
    public int apply(SkBuff skb, Hook hook, Iptables ipt) {
        return Iptables.code(ipt.env().natSetup(skb, type, range));
    }

    @Override
    public String check(String table, int hookMask) {
        int allowed = type == NatType.DST ? HookMask.of(Hook.PREROUTING, Hook.OUTPUT) : HookMask.of(Hook.POSTROUTING, Hook.INPUT);
        return ExtensionTarget.restrict(name(), table, hookMask, "nat", allowed);
    }

    /** Parses {@code [ip[-ip]][:port[-port]]}; returns {minIp, maxIp, minPort, maxPort, hasIp(0/1)}. */
    static int[] parseRange(String text, boolean portsAllowed) throws RuleSyntaxException {
        int colon = text.indexOf(':');
        String ips = colon < 0 ? text : text.substring(0, colon);
        int[] r = new int[5];
        if (colon >= 0) {
            if (!portsAllowed) throw new RuleSyntaxException("Need TCP, UDP, SCTP or DCCP with port specification");
            String ports = text.substring(colon + 1);
            int dash = ports.indexOf('-');
            r[2] = XtParse.port(dash < 0 ? ports : ports.substring(0, dash));
            r[3] = dash < 0 ? r[2] : XtParse.port(ports.substring(dash + 1));
            if (r[2] == 0 || r[3] < r[2]) throw new RuleSyntaxException("Port range \"" + ports + "\" invalid");
        }
        if (!ips.isEmpty()) {
            int dash = ips.indexOf('-');
            String lo = dash < 0 ? ips : ips.substring(0, dash), hi = dash < 0 ? ips : ips.substring(dash + 1);
            if (!Ip4.isValid(lo) || !Ip4.isValid(hi)) throw new RuleSyntaxException("Bad IP address \"" + ips + "\"");
            r[0] = Ip4.parse(lo);
            r[1] = Ip4.parse(hi);
            if (Integer.compareUnsigned(r[0], r[1]) > 0) throw new RuleSyntaxException("Bad IP range \"" + ips + "\"");
            r[4] = 1;
        }
        return r;
    }

    static boolean portProtocol(RuleBase base) {
        int p = base.protocol();
        return !base.invertProtocol() && (p == IpProtocol.TCP || p == IpProtocol.UDP || p == IpProtocol.SCTP || p == 33);
    }

    static final class Builder implements TargetBuilder {
        private final NatType type;
        private String to;
        private boolean random, randomFully, persistent;

        Builder(NatType type) {
            this.type = type;
        }

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            String toOpt = type == NatType.DST ? "--to-destination" : "--to-source";
            if (option.equals(toOpt)) {
                if (to != null) throw new RuleSyntaxException("Multiple " + toOpt + " not supported");
                to = args.value(option);
            } else if (option.equals("--random")) {
                random = true;
            } else if (option.equals("--random-fully") && type == NatType.SRC) {
                randomFully = true;
            } else if (option.equals("--persistent")) {
                persistent = true;
            } else {
                return false;
            }
            return true;
        }

        @Override
        public ExtensionTarget build(RuleBase base) throws RuleSyntaxException {
            if (to == null) throw new RuleSyntaxException("You must specify " + (type == NatType.DST ? "--to-destination" : "--to-source"));
            int[] r = parseRange(to, portProtocol(base));
            return new NatTarget(type, r[4] == 1, new NatRange(r[0], r[1], r[2], r[3], random, randomFully, persistent));
        }
    }
}
