package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.trace.Step;
import io.kdp.linux.trace.Tracer;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.Packet;
import io.kdp.packet.TcpHeader;

/**
 * {@code -j LOG} (xt_LOG.c): writes a kernel log line and continues. The emulator reports the line
 * as a trace note (only when tracing), in the format of nf_log_ip_packet.
 *
 * @param level syslog level, 4 (warning) by default and then not printed
 * @param flags bit set of {@link #TCPSEQ}, {@link #TCPOPT}, {@link #IPOPT}, {@link #UID}, {@link #MACDECODE}
 */
public record LogTarget(String prefix, int level, int flags) implements ExtensionTarget {
    public static final int TCPSEQ = 1, TCPOPT = 2, IPOPT = 4, UID = 8, MACDECODE = 0x20;
    private static final String[] LEVELS = {"emerg", "alert", "crit", "error", "warning", "notice", "info", "debug"};

    @Override
    public String name() { return "LOG"; }

    @Override
    public void save(StringBuilder sb) {
        if (!prefix.isEmpty()) {
            sb.append(" --log-prefix");
            XtParse.saveString(sb, prefix);
        }
        if (level != 4) sb.append(" --log-level ").append(level);
        if ((flags & TCPSEQ) != 0) sb.append(" --log-tcp-sequence");
        if ((flags & TCPOPT) != 0) sb.append(" --log-tcp-options");
        if ((flags & IPOPT) != 0) sb.append(" --log-ip-options");
        if ((flags & UID) != 0) sb.append(" --log-uid");
        if ((flags & MACDECODE) != 0) sb.append(" --log-macdecode");
    }

    @Override
    public int apply(SkBuff skb, Hook hook, Iptables ipt) {
        Tracer t = ipt.env().tracer();
        if (t.enabled()) t.step(ipt.env().host(), new Step.Note(line(skb)));
        return CONTINUE;
    }

    /** The kernel log line (dump_ipv4_packet), without the MAC field. */
    String line(SkBuff skb) {
        Packet p = skb.packet();
        StringBuilder sb = new StringBuilder(prefix);
        sb.append("IN=").append(skb.inName() == null ? "" : skb.inName());
        sb.append(" OUT=").append(skb.outName() == null ? "" : skb.outName());
        var ip = p.ipv4();
        sb.append(" SRC=").append(Ip4.format(p.src())).append(" DST=").append(Ip4.format(p.dst()));
        sb.append(" LEN=").append(p.ipTotalLength());
        sb.append(String.format(" TOS=0x%02X PREC=0x%02X TTL=%d ID=%d", ip.tos() & 0x3c, ip.tos() & 0xe0, ip.ttl(), ip.id()));
        if (ip.dontFragment()) sb.append(" DF");
        if (p.transport() instanceof TcpHeader tcp) {
            sb.append(" PROTO=TCP SPT=").append(tcp.srcPort()).append(" DPT=").append(tcp.dstPort());
            if ((flags & TCPSEQ) != 0) sb.append(" SEQ=").append(tcp.seq()).append(" ACK=").append(tcp.ack());
            sb.append(" WINDOW=").append(tcp.window()).append(" RES=0x00");
            if (tcp.has(TcpHeader.URG)) sb.append(" URG");
            if (tcp.has(TcpHeader.ACK)) sb.append(" ACK");
            if (tcp.has(TcpHeader.PSH)) sb.append(" PSH");
            if (tcp.has(TcpHeader.RST)) sb.append(" RST");
            if (tcp.has(TcpHeader.SYN)) sb.append(" SYN");
            if (tcp.has(TcpHeader.FIN)) sb.append(" FIN");
            sb.append(" URGP=0");
        } else if (p.udp() != null) {
            sb.append(" PROTO=UDP SPT=").append(p.srcPort()).append(" DPT=").append(p.dstPort())
                    .append(" LEN=").append(p.ipTotalLength() - 20);
        } else if (p.transport() instanceof IcmpHeader icmp) {
            sb.append(" PROTO=ICMP TYPE=").append(icmp.type()).append(" CODE=").append(icmp.code());
            if (icmp.isEcho()) sb.append(" ID=").append(icmp.identifier()).append(" SEQ=").append(icmp.sequence());
        } else {
            sb.append(" PROTO=").append(p.protocol());
        }
        if (skb.mark() != 0) sb.append(" MARK=").append(XtParse.hex(skb.mark()));
        return sb.toString();
    }

    @Override
    public String traceVerdict() { return "continue"; }

    static final class Builder implements TargetBuilder {
        private String prefix = "";
        private int level = 4, flags;

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            switch (option) {
                case "--log-prefix" -> {
                    prefix = args.value(option);
                    if (prefix.isEmpty()) throw new RuleSyntaxException("No prefix specified for --log-prefix");
                    if (prefix.length() > 29) throw new RuleSyntaxException("Maximum prefix length 29 for --log-prefix");
                }
                case "--log-level" -> level = level(args.value(option));
                case "--log-tcp-sequence" -> flags |= TCPSEQ;
                case "--log-tcp-options" -> flags |= TCPOPT;
                case "--log-ip-options" -> flags |= IPOPT;
                case "--log-uid" -> flags |= UID;
                case "--log-macdecode" -> flags |= MACDECODE;
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static int level(String v) throws RuleSyntaxException {
            for (int i = 0; i < LEVELS.length; i++) if (LEVELS[i].equals(v)) return i;
            switch (v) {
                case "panic": return 0;
                case "err": return 3;
                case "warn": return 4;
                default: break;
            }
            try {
                int n = Integer.parseInt(v);
                if (n >= 0 && n <= 7) return n;
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new RuleSyntaxException("log-level \"" + v + "\" unknown");
        }

        @Override
        public ExtensionTarget build(RuleBase base) {
            return new LogTarget(prefix, level, flags);
        }
    }
}
