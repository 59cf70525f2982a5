package io.kdp.cluster.offline;

import java.math.BigDecimal;
import java.util.List;

/**
 * One distinct way the traced packet can end.
 *
 * @param probability the chance of this outcome: the product of the {@code statistic} branch
 *                    probabilities along its path (summed over paths ending alike), from the stored 31-bit fractions
 *                    ({@code numgen}: 1/N per draw; IPVS's scheduler does not draw)
 * @param verdict ACCEPT, DROP or REJECT
 * @param dnat the destination NAT set up for the connection as {@code IP:PORT} ({@code IP} for ICMP), or null
 * @param masquerade whether source NAT (SNAT or MASQUERADE) was set up
 * @param mark the skb mark where the packet ended
 * @param steps the rules that matched and IPVS's decisions, in order ({@link RuleSteps}, {@link NftRuleSteps} and
 *              {@link IpvsDecision#line()} give the formats)
 * @param ending where and why it ended, for the text rendering ({@code forwarded out eth0}, {@code dropped: ...})
 * @param ipvs the kernel's IPVS decision for the packet (whose destination is then {@code dnat}), or null when it met no IPVS service
 */
public record TraceOutcome(BigDecimal probability, Verdict verdict, String dnat, boolean masquerade, int mark,
                           List<String> steps, String ending, IpvsDecision ipvs) {
    public TraceOutcome {
        steps = List.copyOf(steps);
    }

    /** The mark as iptables prints it: {@code 0x4000}. */
    public String markHex() {
        return "0x" + Integer.toHexString(mark);
    }

    /** The same outcome with another probability. */
    TraceOutcome withProbability(BigDecimal p) {
        return new TraceOutcome(p, verdict, dnat, masquerade, mark, steps, ending, ipvs);
    }

    /** Whether two outcomes are the same apart from their probability. */
    boolean sameAs(TraceOutcome o) {
        return verdict == o.verdict && java.util.Objects.equals(dnat, o.dnat) && masquerade == o.masquerade
                && mark == o.mark && steps.equals(o.steps) && ending.equals(o.ending)
                && java.util.Objects.equals(ipvs, o.ipvs);
    }
}
