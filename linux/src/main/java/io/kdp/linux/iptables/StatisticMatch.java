package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/**
 * {@code -m statistic} (xt_statistic.c). Random mode stores the probability as a 31-bit fraction
 * ({@code lround(p * 2^31)}) and matches when {@code (random32 & 0x7fffffff) < probability};
 * iptables-save prints it with {@code %.11f}, so kube-proxy's {@code 0.3333333333} reads back as
 * {@code 0.33333333349}. Nth mode matches every n-th packet, counting from {@code --packet}.
 */
public final class StatisticMatch implements Match {
    private final boolean nth;
    private final boolean invert;
    private final int probability;
    private final int every;
    private final int packet;
    private int count;

    StatisticMatch(boolean nth, boolean invert, int probability, int every, int packet) {
        this.nth = nth;
        this.invert = invert;
        this.probability = probability;
        this.every = every;
        this.packet = packet;
        this.count = packet;
    }

    /** The stored 31-bit probability fraction. */
    public int probabilityFraction() { return probability; }

    public boolean nth() { return nth; }

    @Override
    public String module() { return "statistic"; }

    @Override
    public void save(StringBuilder sb) {
        if (!nth) {
            sb.append(" --mode random").append(invert ? " !" : "").append(" --probability ")
                    .append(XtParse.fixed11((probability & 0xffff_ffffL) / (double) 0x8000_0000L));
        } else {
            sb.append(" --mode nth").append(invert ? " !" : "").append(" --every ").append(every);
            if (packet != 0) sb.append(" --packet ").append(packet);
        }
    }

    @Override
    public boolean matches(SkBuff skb, Hook hook, Iptables ipt) {
        if (!nth) {
            int r = ipt.statisticRandom32(this) & 0x7fff_ffff;
            return (Integer.compareUnsigned(r, probability) < 0) != invert;
        }
        // the kernel keeps every-1 and counts 0..every-1, matching when it wraps to 0
        count = count == every - 1 ? 0 : count + 1;
        return (count == 0) != invert;
    }

    @Override
    public boolean pure() {
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatisticMatch s && s.nth == nth && s.invert == invert && s.probability == probability && s.every == every && s.packet == packet;
    }

    @Override
    public int hashCode() {
        return probability * 31 + every;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("-m statistic");
        save(sb);
        return sb.toString();
    }

    static final class Builder implements MatchBuilder {
        private String mode;
        private Double prob;
        private Integer every, packet;
        private boolean invert;

        @Override
        public boolean option(String option, boolean inv, Args args) throws RuleSyntaxException {
            switch (option) {
                case "--mode" -> {
                    String m = args.value(option);
                    if (!m.equals("random") && !m.equals("nth")) throw new RuleSyntaxException("Bad mode \"" + m + "\"");
                    mode = m;
                }
                case "--probability" -> {
                    String v = args.value(option);
                    try {
                        prob = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw new RuleSyntaxException("invalid --probability value \"" + v + "\"");
                    }
                    if (!(prob >= 0 && prob <= 1)) throw new RuleSyntaxException("--probability must be between 0 and 1");
                    invert |= inv;
                }
                case "--every" -> {
                    every = XtParse.number(args.value(option), 1, Integer.MAX_VALUE, "--every value");
                    invert |= inv;
                }
                case "--packet" -> packet = XtParse.number(args.value(option), 0, Integer.MAX_VALUE, "--packet value");
                default -> {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Match build(RuleBase base) throws RuleSyntaxException {
            if (mode == null) throw new RuleSyntaxException("statistic: option \"--mode\" must be specified");
            if (mode.equals("random")) {
                if (every != null || packet != null) throw new RuleSyntaxException("--every and --packet can only be used in nth mode");
                if (prob == null) throw new RuleSyntaxException("no --probability specified");
                return new StatisticMatch(false, invert, (int) Math.round(0x8000_0000L * prob), 0, 0);
            }
            if (prob != null) throw new RuleSyntaxException("--probability can only be specified in random mode");
            if (every == null) throw new RuleSyntaxException("no --every specified");
            int p = packet == null ? 0 : packet;
            if (p > every - 1) throw new RuleSyntaxException("the --packet p must be 0 <= p <= n-1");
            return new StatisticMatch(true, invert, 0, every, p);
        }
    }
}
