package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.conntrack.CtInfo;
import io.kdp.linux.netfilter.Hook;
import io.kdp.packet.Ip4;
import java.util.Locale;

/**
 * {@code -m conntrack} revision 3 (xt_conntrack.c) and its alias {@code -m state --state}
 * (xt_state.c): the connection state, and the original destination address and port.
 *
 * @param states bits {@link #INVALID} .. {@link #DNAT}, 0 when {@code --ctstate} was not given
 * @param stateAlias printed as {@code -m state --state} rather than {@code -m conntrack --ctstate}
 */
public record ConntrackMatch(int states, boolean invertStates, boolean stateAlias, boolean hasOrigDst, int origDst, int origDstMask,
                             boolean invertOrigDst, boolean hasOrigDstPort, int origDstPortMin, int origDstPortMax,
                             boolean invertOrigDstPort) implements Match {
    public static final int INVALID = 1, NEW = 2, RELATED = 4, ESTABLISHED = 8, UNTRACKED = 16, SNAT = 32, DNAT = 64;
    private static final String[] NAMES = {"INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT", "DNAT"};

    @Override
    public String module() { return stateAlias ? "state" : "conntrack"; }

    @Override
    public void save(StringBuilder sb) {
        if (states != 0) {
            if (invertStates) sb.append(" !");
            sb.append(stateAlias ? " --state " : " --ctstate ");
            boolean first = true;
            for (int i = 0; i < NAMES.length; i++) {
                if ((states & (1 << i)) == 0) continue;
                if (!first) sb.append(',');
                sb.append(NAMES[i]);
                first = false;
            }
        }
        if (hasOrigDst) {
            if (invertOrigDst) sb.append(" !");
            sb.append(" --ctorigdst ").append(Ip4.format(origDst)).append(XtParse.maskSuffix(origDstMask));
        }
        if (hasOrigDstPort) {
            if (invertOrigDstPort) sb.append(" !");
            sb.append(" --ctorigdstport ").append(origDstPortMin);
            if (origDstPortMax != origDstPortMin) sb.append(':').append(origDstPortMax);
        }
    }

    /** The state bit of a packet: UNTRACKED, INVALID (no entry), or NEW/ESTABLISHED/RELATED by its ctinfo. */
    static int stateBit(SkBuff skb) {
        if (skb.untracked()) return UNTRACKED;
        CtInfo info = skb.ctInfo();
        if (skb.ct() == null || info == null) return INVALID;
        return switch (info) {
            case NEW -> NEW;
            case ESTABLISHED, ESTABLISHED_REPLY -> ESTABLISHED;
            case RELATED, RELATED_REPLY -> RELATED;
        };
    }

    @Override
    public boolean matches(SkBuff skb, Hook hook, Iptables ipt) {
        boolean tracked = skb.ct() != null && !skb.untracked();
        ConntrackView view = ipt.conntrackView();
        if (states != 0) {
            int bit = stateBit(skb);
            if (tracked && !stateAlias) {
                if (view.srcNat(skb)) bit |= SNAT;
                if (view.dstNat(skb)) bit |= DNAT;
            }
            if (((states & bit) != 0) == invertStates) return false;
        }
        if (!tracked) return states != 0; // conntrack_mt: without an entry only the state can match
        if (hasOrigDst && (((view.origDst(skb) & origDstMask) == origDst) == invertOrigDst)) return false;
        if (hasOrigDstPort) {
            int p = view.origDstPort(skb);
            if ((p >= origDstPortMin && p <= origDstPortMax) == invertOrigDstPort) return false;
        }
        return true;
    }

    static final class Builder implements MatchBuilder {
        private final boolean alias;
        private int states;
        private boolean invStates, hasDst, invDst, hasPort, invPort;
        private int dst, dstMask, portMin, portMax;

        Builder(boolean stateAlias) {
            this.alias = stateAlias;
        }

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            if (option.equals(alias ? "--state" : "--ctstate")) {
                if (states != 0) throw new RuleSyntaxException("multiple " + option + " flags not allowed");
                for (String w : args.value(option).split(",", -1)) {
                    int bit = bit(w.toUpperCase(Locale.ROOT));
                    if (bit == 0 || (alias && bit >= SNAT)) throw new RuleSyntaxException("Bad " + (alias ? "state" : "ctstate") + " \"" + w + "\"");
                    states |= bit;
                }
                invStates = invert;
                return true;
            }
            if (alias) return false;
            switch (option) {
                case "--ctorigdst" -> {
                    int[] am = XtParse.addressMask(args.value(option));
                    dst = am[0];
                    dstMask = am[1];
                    hasDst = true;
                    invDst = invert;
                }
                case "--ctorigdstport" -> {
                    int[] r = XtParse.portRange(args.value(option));
                    portMin = r[0];
                    portMax = r[1];
                    hasPort = true;
                    invPort = invert;
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static int bit(String name) {
            for (int i = 0; i < NAMES.length; i++) if (NAMES[i].equals(name)) return 1 << i;
            return 0;
        }

        @Override
        public Match build(RuleBase base) throws RuleSyntaxException {
            if (alias && states == 0) throw new RuleSyntaxException("state match: option \"--state\" must be specified");
            if (!alias && states == 0 && !hasDst && !hasPort) throw new RuleSyntaxException("conntrack: At least one option is required");
            return new ConntrackMatch(states, invStates, alias, hasDst, dst, dstMask, invDst, hasPort, portMin, portMax, invPort);
        }
    }
}
