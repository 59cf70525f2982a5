package io.kdp.cluster.conformance;

import io.kdp.cluster.offline.IptablesTrace;
import io.kdp.cluster.offline.TraceOutcome;
import io.kdp.cluster.offline.TracePacket;
import io.kdp.cluster.offline.TraceReport;
import io.kdp.cluster.offline.TraceRequest;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What kdp predicts for a flow: {@link IptablesTrace} with {@code allPaths} over the rule set,
 * reduced to the compared outcomes, with the smallest probability among them (which sets how many
 * connections the kernel needs to show every branch).
 *
 * @param outcomes the distinct outcomes
 * @param probabilities each outcome's total probability
 * @param report kdp's full report (steps are printed on a mismatch)
 */
record KdpPrediction(SortedSet<FlowOutcome> outcomes, Map<FlowOutcome, BigDecimal> probabilities, TraceReport report) {
    /** The source port kdp traces with (the kernel's connections each get their own). */
    static final int SPORT = 40000;

    static KdpPrediction of(RuleSet rs, Flow f) {
        List<Integer> nodeIps = new ArrayList<>();
        for (String ip : rs.nodeIps()) nodeIps.add(Ip4.parse(ip));
        int proto = f.proto().equals("tcp") ? IpProtocol.TCP : IpProtocol.UDP;
        TracePacket packet = new TracePacket(Ip4.parse(f.src()), Ip4.parse(f.dst()), proto, SPORT, f.dport());
        TraceReport report = IptablesTrace.trace(new TraceRequest(rs.name() + ".rules", rs.rules(), packet, nodeIps, rs.sysctls(), true, 1));
        Map<FlowOutcome, BigDecimal> p = new LinkedHashMap<>();
        for (TraceOutcome o : report.outcomes()) p.merge(FlowOutcome.of(o), o.probability(), BigDecimal::add);
        return new KdpPrediction(new TreeSet<>(p.keySet()), p, report);
    }

    /** The smallest outcome probability. */
    double minProbability() {
        double min = 1;
        for (BigDecimal b : probabilities.values()) min = Math.min(min, b.doubleValue());
        return min;
    }
}
