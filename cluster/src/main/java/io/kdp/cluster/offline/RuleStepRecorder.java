package io.kdp.cluster.offline;

import io.kdp.linux.trace.Step;
import io.kdp.linux.trace.Tracer;
import java.util.ArrayList;
import java.util.List;

/** The tracer of an offline node: keeps the iptables rule steps the traced packet takes on the node, nothing else. */
final class RuleStepRecorder implements Tracer {
    private final String host;
    private final PathObserver observer;
    private final List<Step.Rule> rules = new ArrayList<>();

    RuleStepRecorder(String host, PathObserver observer) {
        this.host = host;
        this.observer = observer;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void step(String stepHost, Step step) {
        if (step instanceof Step.Rule r && stepHost.equals(host) && observer.tracing()) rules.add(r);
    }

    /** The rule steps recorded, in order. */
    List<Step.Rule> rules() {
        return List.copyOf(rules);
    }
}
