package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.packet.IpProtocol;

/**
 * {@code -m multiport} revision 1 (xt_multiport.c): up to 15 ports, a range counting as two.
 *
 * @param direction 0 source ({@code --sports}), 1 destination ({@code --dports}), 2 either ({@code --ports})
 * @param ports flattened: a single port is {@code [p, p]} with {@code range} false; a range {@code [lo, hi]} with true
 */
public record MultiportMatch(int direction, int[] mins, int[] maxs, boolean[] ranges, boolean invert) implements Match {
    static final int SOURCE = 0, DESTINATION = 1, EITHER = 2;

    @Override
    public String module() { return "multiport"; }

    @Override
    public void save(StringBuilder sb) {
        if (invert) sb.append(" !");
        sb.append(direction == SOURCE ? " --sports " : direction == DESTINATION ? " --dports " : " --ports ");
        for (int i = 0; i < mins.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(mins[i]);
            if (ranges[i]) sb.append(':').append(maxs[i]);
        }
    }

    @Override
    public boolean matches(SkBuff skb, Hook hook, Iptables ipt) {
        var p = skb.packet();
        int s = p.srcPort(), d = p.dstPort();
        for (int i = 0; i < mins.length; i++) {
            int lo = mins[i], hi = maxs[i];
            boolean hit = switch (direction) {
                case SOURCE -> s >= lo && s <= hi;
                case DESTINATION -> d >= lo && d <= hi;
                default -> (s >= lo && s <= hi) || (d >= lo && d <= hi);
            };
            if (hit) return !invert;
        }
        return invert;
    }

    static final class Builder implements MatchBuilder {
        private MultiportMatch m;

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            int dir;
            switch (option) {
                case "--sports", "--source-ports" -> dir = SOURCE;
                case "--dports", "--destination-ports" -> dir = DESTINATION;
                case "--ports" -> dir = EITHER;
                default -> {
                    return false;
                }
            }
            if (m != null) throw new RuleSyntaxException("multiport can only have one option");
            String[] parts = args.value(option).split(",", -1);
            int[] mins = new int[parts.length], maxs = new int[parts.length];
            boolean[] ranges = new boolean[parts.length];
            int slots = 0;
            for (int i = 0; i < parts.length; i++) {
                int colon = parts[i].indexOf(':');
                if (colon >= 0) {
                    mins[i] = XtParse.port(parts[i].substring(0, colon));
                    maxs[i] = XtParse.port(parts[i].substring(colon + 1));
                    // libxt_multiport parse_multi_ports_v1 refuses lo >= hi: a one-port range 80:80 is invalid here
                    // (unlike tcp --dport 80:80)
                    if (mins[i] >= maxs[i]) throw new RuleSyntaxException("invalid portrange specified");
                    ranges[i] = true;
                    slots += 2;
                } else {
                    mins[i] = maxs[i] = XtParse.port(parts[i]);
                    slots++;
                }
            }
            if (slots > 15) throw new RuleSyntaxException("too many ports specified");
            m = new MultiportMatch(dir, mins, maxs, ranges, invert);
            return true;
        }

        @Override
        public Match build(RuleBase base) throws RuleSyntaxException {
            if (m == null) throw new RuleSyntaxException("multiport expects an option");
            int p = base.protocol();
            boolean ok = !base.invertProtocol() && (p == IpProtocol.TCP || p == IpProtocol.UDP || p == IpProtocol.SCTP || p == 33 || p == 136);
            if (!ok) throw new RuleSyntaxException("multiport can only apply to TCP, UDP, UDPLITE, SCTP and DCCP");
            return m;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiportMatch x && x.direction == direction && x.invert == invert
                && java.util.Arrays.equals(x.mins, mins) && java.util.Arrays.equals(x.maxs, maxs) && java.util.Arrays.equals(x.ranges, ranges);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(mins) * 31 + java.util.Arrays.hashCode(maxs) + direction;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("-m multiport");
        save(sb);
        return sb.toString();
    }
}
