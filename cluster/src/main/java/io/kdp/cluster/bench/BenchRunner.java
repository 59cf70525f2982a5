package io.kdp.cluster.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link BenchPlan}: for each mode, endpoint count and Service count it builds one
 * {@link BenchNode}, measures its four cases (first and last Service, new and established
 * connection) together with the plan's {@link CalibratedLoop}, and lets the node go before the
 * next one.
 */
public final class BenchRunner {
    private final BenchPlan plan;
    private final BenchProgress progress;

    public BenchRunner(BenchPlan plan, BenchProgress progress) {
        this.plan = plan;
        this.progress = progress == null ? BenchProgress.NONE : progress;
    }

    /** Runs every case; results in run order (mode, endpoints, services, position, connection). */
    public List<LookupResult> run() {
        List<LookupResult> results = new ArrayList<>();
        int total = plan.cases();
        for (ProxyMode mode : plan.modes()) {
            for (int endpoints : plan.endpoints()) {
                for (int services : plan.services()) {
                    progress.building(mode, services, endpoints);
                    long t0 = System.nanoTime();
                    BenchNode node = BenchNode.build(mode, SyntheticServices.of(services, endpoints));
                    progress.built(mode, services, endpoints, System.nanoTime() - t0);
                    System.gc(); // the previous node and this build's garbage, collected before anything is timed
                    List<DecisionProbe> probes = new ArrayList<>();
                    for (Position position : Position.values()) {
                        for (ConnectionKind kind : ConnectionKind.values()) probes.add(new DecisionProbe(node, position, kind));
                    }
                    List<CalibratedLoop.Measurement> ms = plan.loop().measure(probes);
                    for (int i = 0; i < probes.size(); i++) {
                        DecisionProbe p = probes.get(i);
                        LookupResult r = new LookupResult(mode, services, endpoints, p.position(), p.kind(), ms.get(i).nsPerPacket());
                        results.add(r);
                        progress.measured(results.size(), total, r);
                    }
                }
            }
        }
        return results;
    }
}
