package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.packet.IpProtocol;
import java.util.List;

/**
 * One rule (struct ipt_entry): the IP part, matches, target and counters, with its iptables-save
 * text. For speed the IP part and a leading tcp/udp port match are compiled into primitive
 * fields tested inline; the other matches are tested from an array, in order.
 */
public final class Rule {
    static final int KIND_NONE = 0, KIND_ACCEPT = 1, KIND_DROP = 2, KIND_RETURN = 3, KIND_JUMP = 4, KIND_GOTO = 5, KIND_EXT = 6;

    private final int src, srcMask, dst, dstMask;
    private final boolean invSrc, invDst;
    private final int protocol;
    private final boolean invProto;
    private final String in, out;
    private final boolean inWild, outWild, invIn, invOut;
    private final List<Match> matches;
    private final Target target;
    private final String spec;

    // compiled
    private final Match[] generic;
    private final boolean ports;
    private final int spMin, spMax, dpMin, dpMax, tcpMask, tcpCmp;
    private final boolean invSp, invDp, invTcp;
    final int kind;
    final ExtensionTarget ext;
    final boolean unconditional;
    final String traceVerdict;
    /** Index of the jump/goto target chain in the compiled table. */
    int jump = -1;

    long packets, bytes;

    Rule(int src, int srcMask, boolean invSrc, int dst, int dstMask, boolean invDst, int protocol, boolean invProto,
         String in, boolean invIn, String out, boolean invOut, List<Match> matches, Target target) {
        this.src = src;
        this.srcMask = srcMask;
        this.invSrc = invSrc;
        this.dst = dst;
        this.dstMask = dstMask;
        this.invDst = invDst;
        this.protocol = protocol;
        this.invProto = invProto;
        if ("+".equals(in)) in = null; // "-i +" matches every packet and is not printed (mask all zero)
        if ("+".equals(out)) out = null;
        this.inWild = in != null && in.endsWith("+");
        this.in = in == null ? null : inWild ? in.substring(0, in.length() - 1) : in;
        this.invIn = invIn;
        this.outWild = out != null && out.endsWith("+");
        this.out = out == null ? null : outWild ? out.substring(0, out.length() - 1) : out;
        this.invOut = invOut;
        this.matches = List.copyOf(matches);
        this.target = target;

        // Hoist the first port match only when every match before it is side-effect free, so that
        // e.g. "-m recent --set -m tcp --dport 80" still records packets to other ports, as the kernel does.
        PortMatch hoisted = null;
        boolean allPure = true;
        for (Match m : this.matches) {
            if (m instanceof PortMatch pm && allPure) {
                hoisted = pm;
                break;
            }
            allPure &= m.pure();
        }
        PortMatch h = hoisted;
        this.generic = this.matches.stream().filter(m -> m != h && !(m instanceof CommentMatch)).toArray(Match[]::new);
        this.ports = h != null;
        this.spMin = h == null ? 0 : h.sportMin();
        this.spMax = h == null ? 0xffff : h.sportMax();
        this.dpMin = h == null ? 0 : h.dportMin();
        this.dpMax = h == null ? 0xffff : h.dportMax();
        this.invSp = h != null && h.invertSport();
        this.invDp = h != null && h.invertDport();
        this.tcpMask = h == null ? 0 : h.flagMask();
        this.tcpCmp = h == null ? 0 : h.flagCompare();
        this.invTcp = h != null && h.invertFlags();

        if (target == null) kind = KIND_NONE;
        else if (target == StandardTarget.ACCEPT) kind = KIND_ACCEPT;
        else if (target == StandardTarget.DROP) kind = KIND_DROP;
        else if (target == StandardTarget.RETURN) kind = KIND_RETURN;
        else if (target instanceof JumpTarget j) kind = j.isGoto() ? KIND_GOTO : KIND_JUMP;
        else kind = KIND_EXT;
        this.ext = target instanceof ExtensionTarget e ? e : null;
        // ip_tables.c unconditional(): no IP criteria, no matches; with a standard verdict TRACE calls it return/policy
        this.unconditional = srcMask == 0 && dstMask == 0 && !invSrc && !invDst && protocol == 0 && !invProto
                && in == null && out == null && this.matches.isEmpty();
        this.traceVerdict = target == null ? "continue"
                : target instanceof JumpTarget j ? (j.isGoto() ? "goto " : "jump ") + j.chain()
                : ext != null ? ext.traceVerdict() : target.name();
        this.spec = render();
    }

    private String render() {
        StringBuilder sb = new StringBuilder();
        if (srcMask != 0 || src != 0 || invSrc) sb.append(invSrc ? " ! -s " : " -s ").append(XtParse.addressWithMask(src, srcMask));
        if (dstMask != 0 || dst != 0 || invDst) sb.append(invDst ? " ! -d " : " -d ").append(XtParse.addressWithMask(dst, dstMask));
        if (in != null) sb.append(invIn ? " ! -i " : " -i ").append(in).append(inWild ? "+" : "");
        if (out != null) sb.append(invOut ? " ! -o " : " -o ").append(out).append(outWild ? "+" : "");
        if (protocol != 0) sb.append(invProto ? " ! -p " : " -p ").append(protocolName(protocol));
        for (Match m : matches) {
            sb.append(" -m ").append(m.module());
            m.save(sb);
        }
        if (target != null) {
            sb.append(target instanceof JumpTarget j && j.isGoto() ? " -g " : " -j ").append(target.name());
            target.save(sb);
        }
        return sb.length() == 0 ? "" : sb.substring(1);
    }

    /** Protocol names as /etc/protocols gives them to iptables-save (proto_to_name). */
    static String protocolName(int p) {
        return switch (p) {
            case 2 -> "igmp";
            case 47 -> "gre";
            case 50 -> "esp";
            case 51 -> "ah";
            case 136 -> "udplite";
            default -> IpProtocol.name(p);
        };
    }

    /** The rule as iptables-save prints it after {@code -A CHAIN} (no leading space). */
    public String spec() { return spec; }

    public List<Match> matches() { return matches; }

    /** The target, or null for a rule without one (it only counts). */
    public Target target() { return target; }

    /** Whether the rule needs connection tracking (xt_conntrack, xt_state and the NAT and CT targets call nf_ct_netns_get). */
    public boolean needsConntrack() {
        for (Match m : matches) if (m instanceof ConntrackMatch) return true;
        return target instanceof NatTarget || target instanceof MasqueradeTarget || target instanceof RedirectTarget
                || target instanceof CtTarget || target instanceof ConnmarkTarget;
    }

    public long packets() { return packets; }

    public long bytes() { return bytes; }

    /** Sets the counters (iptables-restore --counters, {@code [p:b]} prefixes). */
    public void counters(long packets, long bytes) {
        this.packets = packets;
        this.bytes = bytes;
    }

    /** Tests the IP part and the matches (ipt_do_table's ip_packet_match plus the match loop). */
    boolean matches(SkBuff skb, Hook hook, Iptables ipt) {
        var p = skb.packet();
        if (((p.src() & srcMask) != src) != invSrc) return false;
        if (((p.dst() & dstMask) != dst) != invDst) return false;
        if (in != null && iface(skb.inName(), in, inWild) == invIn) return false;
        if (out != null && iface(skb.outName(), out, outWild) == invOut) return false;
        if (protocol != 0 && (p.protocol() == protocol) == invProto) return false;
        if (ports) {
            int sp = p.srcPort(), dp = p.dstPort();
            if ((sp >= spMin && sp <= spMax) == invSp) return false;
            if ((dp >= dpMin && dp <= dpMax) == invDp) return false;
            if (tcpMask != 0 || invTcp) {
                var t = p.tcp();
                int f = t == null ? 0 : t.flags();
                if (((f & tcpMask) == tcpCmp) == invTcp) return false;
            }
        }
        for (Match m : generic) if (!m.matches(skb, hook, ipt)) return false;
        return true;
    }

    private static boolean iface(String name, String want, boolean wildcard) {
        if (name == null) return false;
        return wildcard ? name.startsWith(want) : name.equals(want);
    }

    @Override
    public String toString() {
        return spec;
    }
}
