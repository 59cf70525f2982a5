package io.kdp.cluster.bench;

import java.time.Duration;
import java.util.List;

/**
 * What a lookup comparison measures: every mode at every Service count and endpoint count, each
 * node measured for both positions and both connection kinds, with one {@link CalibratedLoop}.
 *
 * @param modes     proxy modes, in run order
 * @param services  Service counts, ascending
 * @param endpoints endpoint counts per Service
 * @param loop      how each case is timed
 */
public record BenchPlan(List<ProxyMode> modes, List<Integer> services, List<Integer> endpoints, CalibratedLoop loop) {
    /** The full comparison of issue 5: 100 to 30,000 Services, 2 and 10 endpoints. */
    public static final List<Integer> FULL_SERVICES = List.of(100, 1_000, 5_000, 10_000, 30_000);
    public static final List<Integer> FULL_ENDPOINTS = List.of(2, 10);
    /** {@code --quick}: 1,000 and 10,000 Services with 2 endpoints. */
    public static final List<Integer> QUICK_SERVICES = List.of(1_000, 10_000);
    public static final List<Integer> QUICK_ENDPOINTS = List.of(2);

    public BenchPlan {
        modes = List.copyOf(modes);
        services = List.copyOf(services);
        endpoints = List.copyOf(endpoints);
        if (modes.isEmpty() || services.isEmpty() || endpoints.isEmpty()) throw new IllegalArgumentException("a plan needs modes, service counts and endpoint counts");
        for (int n : services) {
            if (n < 1 || n > SyntheticServices.MAX_SERVICES) throw new IllegalArgumentException("services: " + n + " is not in 1.." + SyntheticServices.MAX_SERVICES);
        }
        for (int n : endpoints) {
            if (n < 1 || n > SyntheticServices.MAX_ENDPOINTS) throw new IllegalArgumentException("endpoints: " + n + " is not in 1.." + SyntheticServices.MAX_ENDPOINTS);
        }
    }

    /** The full comparison: 40 nodes, each warmed up 2 s and measured 6 s (160 cases), plus building the nodes. */
    public static BenchPlan full() {
        return new BenchPlan(List.of(ProxyMode.values()), FULL_SERVICES, FULL_ENDPOINTS,
                new CalibratedLoop(Duration.ofSeconds(2), Duration.ofSeconds(6), 10));
    }

    /** {@code kdp bench --quick}: every mode at 1,000 and 10,000 Services, in a few minutes. */
    public static BenchPlan quick() {
        return new BenchPlan(List.of(ProxyMode.values()), QUICK_SERVICES, QUICK_ENDPOINTS,
                new CalibratedLoop(Duration.ofMillis(1500), Duration.ofSeconds(3), 6));
    }

    /** The measured cases: nodes times positions times connection kinds. */
    public int cases() {
        return modes.size() * services.size() * endpoints.size() * Position.values().length * ConnectionKind.values().length;
    }
}
