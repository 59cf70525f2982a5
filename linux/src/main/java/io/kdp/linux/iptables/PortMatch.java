package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.TcpHeader;

/**
 * {@code -m tcp}, {@code -m udp} and {@code -m sctp} (xt_tcpudp.c, xt_sctp.c): source and
 * destination port ranges, and for tcp {@code --tcp-flags} / {@code --syn}. Rules compile these
 * fields into primitives and test them inline.
 */
public record PortMatch(int protocol, int sportMin, int sportMax, boolean invertSport, int dportMin, int dportMax,
                        boolean invertDport, int flagMask, int flagCompare, boolean invertFlags) implements Match {
    private static final String[] FLAG_NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};

    @Override
    public String module() {
        return IpProtocol.name(protocol);
    }

    boolean hasSport() { return sportMin != 0 || sportMax != 0xffff; }

    boolean hasDport() { return dportMin != 0 || dportMax != 0xffff; }

    boolean hasFlags() { return flagMask != 0 || invertFlags; }

    @Override
    public void save(StringBuilder sb) {
        if (hasSport()) {
            if (invertSport) sb.append(" !");
            sb.append(" --sport ").append(sportMin);
            if (sportMin != sportMax) sb.append(':').append(sportMax);
        }
        if (hasDport()) {
            if (invertDport) sb.append(" !");
            sb.append(" --dport ").append(dportMin);
            if (dportMin != dportMax) sb.append(':').append(dportMax);
        }
        if (hasFlags()) {
            if (invertFlags) sb.append(" !");
            sb.append(" --tcp-flags ");
            flags(sb, flagMask);
            sb.append(' ');
            flags(sb, flagCompare);
        }
    }

    /** print_tcpf: individual names in bit order, NONE for none (ALL prints as the six names). */
    private static void flags(StringBuilder sb, int flags) {
        boolean any = false;
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((flags & (1 << i)) == 0) continue;
            if (any) sb.append(',');
            sb.append(FLAG_NAMES[i]);
            any = true;
        }
        if (!any) sb.append("NONE");
    }

    @Override
    public boolean matches(SkBuff skb, Hook hook, Iptables ipt) {
        var p = skb.packet();
        if (p.protocol() != protocol) return false;
        int sp = p.srcPort(), dp = p.dstPort();
        if ((sp >= sportMin && sp <= sportMax) == invertSport) return false;
        if ((dp >= dportMin && dp <= dportMax) == invertDport) return false;
        if (flagMask != 0 || invertFlags) {
            TcpHeader t = p.tcp();
            int f = t == null ? 0 : t.flags();
            if (((f & flagMask) == flagCompare) == invertFlags) return false;
        }
        return true;
    }

    static final class Builder implements MatchBuilder {
        private final int protocol;
        private int[] sport, dport;
        private boolean invS, invD, invF;
        private int mask = 0, cmp = 0;
        private boolean flags;

        Builder(int protocol) {
            this.protocol = protocol;
        }

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            switch (option) {
                case "--sport", "--source-port" -> {
                    if (sport != null) throw new RuleSyntaxException("multiple --sport flags not allowed");
                    sport = XtParse.portRange(args.value(option));
                    invS = invert;
                }
                case "--dport", "--destination-port" -> {
                    if (dport != null) throw new RuleSyntaxException("multiple --dport flags not allowed");
                    dport = XtParse.portRange(args.value(option));
                    invD = invert;
                }
                case "--tcp-flags" -> {
                    if (protocol != IpProtocol.TCP) return false;
                    if (flags) throw new RuleSyntaxException("multiple --tcp-flags/--syn flags not allowed");
                    mask = parseFlags(args.value(option));
                    cmp = parseFlags(args.value(option));
                    invF = invert;
                    flags = true;
                }
                case "--syn" -> {
                    if (protocol != IpProtocol.TCP) return false;
                    if (flags) throw new RuleSyntaxException("multiple --tcp-flags/--syn flags not allowed");
                    mask = TcpHeader.FIN | TcpHeader.SYN | TcpHeader.RST | TcpHeader.ACK;
                    cmp = TcpHeader.SYN;
                    invF = invert;
                    flags = true;
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static int parseFlags(String text) throws RuleSyntaxException {
            int v = 0;
            for (String f : text.split(",", -1)) {
                switch (f.toUpperCase(java.util.Locale.ROOT)) {
                    case "FIN" -> v |= TcpHeader.FIN;
                    case "SYN" -> v |= TcpHeader.SYN;
                    case "RST" -> v |= TcpHeader.RST;
                    case "PSH" -> v |= TcpHeader.PSH;
                    case "ACK" -> v |= TcpHeader.ACK;
                    case "URG" -> v |= TcpHeader.URG;
                    case "ALL" -> v |= 0x3f;
                    case "NONE" -> { }
                    default -> throw new RuleSyntaxException("Unknown TCP flag \"" + f + "\"");
                }
            }
            return v;
        }

        @Override
        public Match build(RuleBase base) throws RuleSyntaxException {
            if (!base.is(protocol)) {
                throw new RuleSyntaxException(IpProtocol.name(protocol) + " match: only valid for protocol " + protocol + " (use -p " + IpProtocol.name(protocol) + ")");
            }
            int[] s = sport == null ? new int[] {0, 0xffff} : sport;
            int[] d = dport == null ? new int[] {0, 0xffff} : dport;
            return new PortMatch(protocol, s[0], s[1], invS, d[0], d[1], invD, mask, cmp, invF);
        }
    }
}
