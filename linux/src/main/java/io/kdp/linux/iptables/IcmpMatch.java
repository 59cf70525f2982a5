package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.IpProtocol;
import java.util.Locale;
import java.util.Map;

/**
 * {@code -m icmp --icmp-type} (ip_tables.c icmp_match, libipt_icmp.c). Names are saved as
 * numbers: {@code --icmp-type echo-request} prints {@code --icmp-type 8}; type 255 is "any".
 */
public record IcmpMatch(int type, int codeMin, int codeMax, boolean invert) implements Match {
    /** The names libipt_icmp.c knows: {type, min code, max code}. */
    private static final Map<String, int[]> NAMES = Map.ofEntries(
            Map.entry("any", new int[] {0xff, 0, 0xff}),
            Map.entry("echo-reply", new int[] {0, 0, 0xff}),
            Map.entry("destination-unreachable", new int[] {3, 0, 0xff}),
            Map.entry("network-unreachable", new int[] {3, 0, 0}),
            Map.entry("host-unreachable", new int[] {3, 1, 1}),
            Map.entry("protocol-unreachable", new int[] {3, 2, 2}),
            Map.entry("port-unreachable", new int[] {3, 3, 3}),
            Map.entry("fragmentation-needed", new int[] {3, 4, 4}),
            Map.entry("source-route-failed", new int[] {3, 5, 5}),
            Map.entry("network-unknown", new int[] {3, 6, 6}),
            Map.entry("host-unknown", new int[] {3, 7, 7}),
            Map.entry("network-prohibited", new int[] {3, 9, 9}),
            Map.entry("host-prohibited", new int[] {3, 10, 10}),
            Map.entry("TOS-network-unreachable", new int[] {3, 11, 11}),
            Map.entry("TOS-host-unreachable", new int[] {3, 12, 12}),
            Map.entry("communication-prohibited", new int[] {3, 13, 13}),
            Map.entry("host-precedence-violation", new int[] {3, 14, 14}),
            Map.entry("precedence-cutoff", new int[] {3, 15, 15}),
            Map.entry("source-quench", new int[] {4, 0, 0xff}),
            Map.entry("redirect", new int[] {5, 0, 0xff}),
            Map.entry("network-redirect", new int[] {5, 0, 0}),
            Map.entry("host-redirect", new int[] {5, 1, 1}),
            Map.entry("echo-request", new int[] {8, 0, 0xff}),
            Map.entry("router-advertisement", new int[] {9, 0, 0xff}),
            Map.entry("router-solicitation", new int[] {10, 0, 0xff}),
            Map.entry("time-exceeded", new int[] {11, 0, 0xff}),
            Map.entry("ttl-zero-during-transit", new int[] {11, 0, 0}),
            Map.entry("ttl-zero-during-reassembly", new int[] {11, 1, 1}),
            Map.entry("parameter-problem", new int[] {12, 0, 0xff}),
            Map.entry("ip-header-bad", new int[] {12, 0, 0}),
            Map.entry("required-option-missing", new int[] {12, 1, 1}),
            Map.entry("timestamp-request", new int[] {13, 0, 0xff}),
            Map.entry("timestamp-reply", new int[] {14, 0, 0xff}),
            Map.entry("address-mask-request", new int[] {17, 0, 0xff}),
            Map.entry("address-mask-reply", new int[] {18, 0, 0xff}));

    @Override
    public String module() { return "icmp"; }

    @Override
    public void save(StringBuilder sb) {
        if (invert) sb.append(" !");
        if (type == 0xff) {
            sb.append(" --icmp-type any");
            return;
        }
        sb.append(" --icmp-type ").append(type);
        if (codeMin != 0 || codeMax != 0xff) sb.append('/').append(codeMin);
    }

    @Override
    public boolean matches(SkBuff skb, Hook hook, Iptables ipt) {
        IcmpHeader h = skb.packet().icmp();
        if (h == null) return false;
        boolean m = type == 0xff || (h.type() == type && h.code() >= codeMin && h.code() <= codeMax);
        return m != invert;
    }

    static final class Builder implements MatchBuilder {
        private IcmpMatch m;

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            if (!option.equals("--icmp-type")) return false;
            String v = args.value(option);
            int[] t = NAMES.get(v);
            if (t == null) {
                for (var e : NAMES.entrySet()) if (e.getKey().toLowerCase(Locale.ROOT).equals(v.toLowerCase(Locale.ROOT))) t = e.getValue();
            }
            if (t == null) {
                int slash = v.indexOf('/');
                try {
                    int type = XtParse.number(slash < 0 ? v : v.substring(0, slash), 0, 255, "ICMP type");
                    if (slash < 0) t = new int[] {type, 0, 0xff};
                    else {
                        int code = XtParse.number(v.substring(slash + 1), 0, 255, "ICMP code");
                        t = new int[] {type, code, code};
                    }
                } catch (RuleSyntaxException e) {
                    throw new RuleSyntaxException("Invalid ICMP type \"" + v + "\"");
                }
            }
            m = new IcmpMatch(t[0], t[1], t[2], invert);
            return true;
        }

        @Override
        public Match build(RuleBase base) throws RuleSyntaxException {
            if (!base.is(IpProtocol.ICMP)) throw new RuleSyntaxException("icmp match: only valid for protocol 1 (use -p icmp)");
            return m != null ? m : new IcmpMatch(0xff, 0, 0xff, false);
        }
    }
}
