package io.kdp.linux.trace;

import java.util.ArrayList;
import java.util.List;

/** A tracer that keeps every step and groups consecutive steps on the same host into hops. */
public final class TraceRecorder implements Tracer {
    private final List<String> hosts = new ArrayList<>();
    private final List<List<Step>> steps = new ArrayList<>();

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void step(String host, Step step) {
        if (hosts.isEmpty() || !hosts.get(hosts.size() - 1).equals(host)) {
            hosts.add(host);
            steps.add(new ArrayList<>());
        }
        steps.get(steps.size() - 1).add(step);
    }

    /** The hops recorded since the last call, and starts afresh. */
    public List<Hop> take() {
        List<Hop> out = new ArrayList<>(hosts.size());
        for (int i = 0; i < hosts.size(); i++) out.add(new Hop(hosts.get(i), steps.get(i)));
        hosts.clear();
        steps.clear();
        return out;
    }
}
