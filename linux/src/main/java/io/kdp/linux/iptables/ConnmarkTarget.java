package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.conntrack.ConntrackEntry;
import io.kdp.linux.netfilter.Hook;

/**
 * {@code -j CONNMARK} revision 1 (xt_connmark.c): set the connection mark, save the packet mark
 * into it, or restore the packet mark from it. Saved as iptables 1.8.9 prints it:
 * {@code --set-xmark v/m}, {@code --save-mark --nfmask m --ctmask m}, {@code --restore-mark --nfmask m --ctmask m}.
 */
public record ConnmarkTarget(Mode mode, int ctmark, int ctmask, int nfmask) implements ExtensionTarget {
    public enum Mode { SET, SAVE, RESTORE }

    @Override
    public String name() { return "CONNMARK"; }

    @Override
    public void save(StringBuilder sb) {
        switch (mode) {
            case SET -> sb.append(" --set-xmark ").append(XtParse.hex(ctmark)).append('/').append(XtParse.hex(ctmask));
            case SAVE -> sb.append(" --save-mark --nfmask ").append(XtParse.hex(nfmask)).append(" --ctmask ").append(XtParse.hex(ctmask));
            case RESTORE -> sb.append(" --restore-mark --nfmask ").append(XtParse.hex(nfmask)).append(" --ctmask ").append(XtParse.hex(ctmask));
        }
    }

    @Override
    public int apply(SkBuff skb, Hook hook, Iptables ipt) {
        ConntrackEntry ct = skb.ct();
        if (ct == null || skb.untracked()) return CONTINUE;
        switch (mode) {
            case SET -> ct.mark((ct.mark() & ~ctmask) ^ ctmark);
            case SAVE -> ct.mark((ct.mark() & ~ctmask) ^ (skb.mark() & nfmask));
            case RESTORE -> skb.mark((skb.mark() & ~nfmask) ^ (ct.mark() & ctmask));
        }
        return CONTINUE;
    }

    @Override
    public String traceVerdict() { return "continue"; }

    static final class Builder implements TargetBuilder {
        private Mode mode;
        private int ctmark, ctmask = -1, nfmask = -1;

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            switch (option) {
                case "--set-xmark" -> {
                    int[] v = XtParse.markMask(args.value(option), "mark");
                    set(Mode.SET);
                    ctmark = v[0];
                    ctmask = v[1];
                }
                case "--set-mark" -> {
                    int[] v = XtParse.markMask(args.value(option), "mark");
                    set(Mode.SET);
                    ctmark = v[0];
                    ctmask = v[0] | v[1];
                }
                case "--and-mark" -> {
                    set(Mode.SET);
                    ctmark = 0;
                    ctmask = ~XtParse.uint32(args.value(option), "mark");
                }
                case "--or-mark" -> {
                    set(Mode.SET);
                    ctmark = ctmask = XtParse.uint32(args.value(option), "mark");
                }
                case "--xor-mark" -> {
                    set(Mode.SET);
                    ctmark = XtParse.uint32(args.value(option), "mark");
                    ctmask = 0;
                }
                case "--save-mark" -> set(Mode.SAVE);
                case "--restore-mark" -> set(Mode.RESTORE);
                case "--nfmask" -> nfmask = XtParse.uint32(args.value(option), "mask");
                case "--ctmask" -> ctmask = XtParse.uint32(args.value(option), "mask");
                case "--mask" -> nfmask = ctmask = XtParse.uint32(args.value(option), "mask");
                default -> {
                    return false;
                }
            }
            return true;
        }

        private void set(Mode m) throws RuleSyntaxException {
            if (mode != null) throw new RuleSyntaxException("CONNMARK target: Only one action may be given");
            mode = m;
        }

        @Override
        public ExtensionTarget build(RuleBase base) throws RuleSyntaxException {
            if (mode == null) throw new RuleSyntaxException("CONNMARK target: No operation specified");
            return new ConnmarkTarget(mode, ctmark, ctmask, nfmask);
        }
    }
}
