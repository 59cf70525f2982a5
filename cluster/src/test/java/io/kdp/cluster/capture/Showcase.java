package io.kdp.cluster.capture;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.ClusterBuilder;
import io.kdp.cluster.scenario.Scenario;
import io.kdp.cluster.scenario.ScenarioLoader;
import io.kdp.cluster.trace.ConnectionTracer;

/** The showcase trace of a bundled scenario, captured. */
final class Showcase {
    private Showcase() {}

    static TraceCapture capture(String scenario, long seed) throws Exception {
        Scenario s = ScenarioLoader.resolve(scenario);
        var show = s.spec().showcase();
        if (show == null) throw new IllegalStateException("bundled scenario " + scenario + " has no showcase trace");
        Cluster cluster = ClusterBuilder.build(s, seed);
        CaptureSession session = CaptureSession.start(cluster);
        var trace = new ConnectionTracer(cluster).trace(show.from(), show.to(), show.proto(), seed);
        return session.finish(trace);
    }
}
