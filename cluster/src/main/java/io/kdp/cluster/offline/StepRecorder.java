package io.kdp.cluster.offline;

import io.kdp.linux.trace.Step;
import io.kdp.linux.trace.Tracer;
import java.util.ArrayList;
import java.util.List;

/**
 * The tracer of an offline node: keeps the step lines of the traced packet on the node, in order. Rule steps are
 * formatted by the ruleset's {@link StepLines}; the kernel's IPVS decisions ({@code ipvs} lookups) become
 * {@link IpvsDecision} lines whatever the ruleset, and are kept for the outcome.
 */
final class StepRecorder implements Tracer {
    private final String host;
    private final PathObserver observer;
    private final StepLines format;
    private final List<String> lines = new ArrayList<>();
    private final List<IpvsDecision> ipvs = new ArrayList<>();

    StepRecorder(String host, PathObserver observer, StepLines format) {
        this.host = host;
        this.observer = observer;
        this.format = format;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void step(String stepHost, Step step) {
        if (!stepHost.equals(host)) return;
        if (!observer.tracing()) {
            format.other(step);
            return;
        }
        if (step instanceof Step.Lookup l && l.table().equals(IpvsDecision.TABLE)) {
            IpvsDecision d = IpvsDecision.of(l);
            ipvs.add(d);
            lines.add(d.line());
            return;
        }
        String line = format.line(step);
        if (line != null) lines.add(line);
    }

    /** Adds the line of the rule that rejected the traced packet, when the ruleset gives it only now. */
    void rejectedBy(String dropReason) {
        String line = format.rejectedBy(dropReason);
        if (line != null) lines.add(line);
    }

    /** The step lines recorded, in order. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The first IPVS decision the traced packet met (the one that chose its real server), or null. */
    IpvsDecision ipvs() {
        return ipvs.isEmpty() ? null : ipvs.get(0);
    }
}
