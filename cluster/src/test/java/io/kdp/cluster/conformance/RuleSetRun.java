package io.kdp.cluster.conformance;

import io.kdp.cluster.offline.TraceOutcome;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One rule set through kdp and through the real kernel: predicts every flow with kdp, sends each
 * flow's connections (as many as {@link ConnectionCount} asks for its outcomes) through a fresh
 * {@link KernelTestbed}, and lists every flow whose observed outcomes differ from the predicted ones.
 *
 * @param mismatches one readable paragraph per disagreeing flow
 * @param connections connections sent
 * @param portCollisions masqueraded connections whose port {@code --random-fully} left unchanged by chance
 * @param millis wall time
 */
record RuleSetRun(RuleSet ruleSet, List<KdpPrediction> predictions, List<String> mismatches, int connections, int portCollisions,
                  long millis) {
    static RuleSetRun run(RuleSet rs, KernelTools tools) {
        long start = System.nanoTime();
        List<KdpPrediction> predictions = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        int[] counts = new int[rs.flows().size()];
        for (int i = 0; i < counts.length; i++) {
            Flow f = rs.flows().get(i);
            KdpPrediction p = KdpPrediction.of(rs, f);
            predictions.add(p);
            counts[i] = ConnectionCount.of(p.outcomes().size(), p.minProbability());
            if (f.expected() != null && !p.outcomes().equals(new TreeSet<>(f.expected()))) {
                mismatches.add(describe(rs, f, p) + "\n    corpus expects " + new TreeSet<>(f.expected()));
            }
        }
        // listeners wherever a connection can arrive: its destination port, or where DNAT sends it
        java.util.Set<Integer> ports = new java.util.TreeSet<>();
        for (int i = 0; i < counts.length; i++) {
            ports.add(rs.flows().get(i).dport());
            for (FlowOutcome o : predictions.get(i).outcomes()) {
                if (o.dnat() != null) ports.add(Integer.parseInt(o.dnat().substring(o.dnat().indexOf(':') + 1)));
            }
        }
        List<TrafficDriver.Observed> observed;
        try (KernelTestbed bed = new KernelTestbed(rs, tools).start()) {
            observed = TrafficDriver.run(bed, rs, counts, ports);
        }
        int connections = 0, collisions = 0;
        for (int i = 0; i < counts.length; i++) {
            TrafficDriver.Observed o = observed.get(i);
            connections += o.connections();
            collisions += o.portCollisions()[0];
            Set<FlowOutcome> seen = new TreeSet<>(o.counts().keySet());
            KdpPrediction p = predictions.get(i);
            if (!seen.equals(p.outcomes()) || !o.anomalies().isEmpty() || o.connections() != counts[i]) {
                StringBuilder sb = new StringBuilder(describe(rs, rs.flows().get(i), p));
                sb.append("\n    kernel ").append(o.counts()).append(" over ").append(o.connections()).append(" of ").append(counts[i]).append(" connections");
                for (String a : o.anomalies().subList(0, Math.min(3, o.anomalies().size()))) sb.append("\n    anomaly: ").append(a);
                mismatches.add(sb.toString());
            }
        }
        return new RuleSetRun(rs, predictions, mismatches, connections, collisions, (System.nanoTime() - start) / 1_000_000);
    }

    /** The flow, kdp's outcomes with probabilities, and the rules behind each. */
    static String describe(RuleSet rs, Flow f, KdpPrediction p) {
        StringBuilder sb = new StringBuilder(rs.name()).append(" [").append(f.label()).append("] ").append(f.describe());
        sb.append("\n    kdp    ");
        List<String> parts = new ArrayList<>();
        for (Map.Entry<FlowOutcome, BigDecimal> e : p.probabilities().entrySet()) parts.add(e.getKey() + " p=" + e.getValue().toPlainString());
        sb.append(String.join(", ", parts));
        for (TraceOutcome o : p.report().outcomes()) {
            sb.append("\n      kdp path (").append(o.ending()).append("):");
            for (String step : o.steps()) sb.append("\n        ").append(step);
        }
        return sb.toString();
    }
}
