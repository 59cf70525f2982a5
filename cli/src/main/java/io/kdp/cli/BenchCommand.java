package io.kdp.cli;

import io.kdp.cluster.bench.BenchPlan;
import io.kdp.cluster.bench.BenchReport;
import io.kdp.cluster.bench.BenchRunner;
import io.kdp.cluster.bench.CalibratedLoop;
import io.kdp.cluster.bench.LookupResult;
import io.kdp.cluster.bench.PrintingProgress;
import io.kdp.cluster.bench.ProxyMode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kdp bench}: the per-packet service decision of the four proxy modes, measured and plotted. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the per-packet service decision of kube-proxy's iptables, ipvs and nftables modes and of eBPF (Cilium-style)",
                "load balancing, for the first and the last Service in the tables, new and established connections, as the number of",
                "Services grows, and write results.csv, results.md and the plots lookup.svg and lookup.png into --out.",
                "Progress goes to standard error. The full run takes about 15 minutes; --quick (1,000 and 10,000 Services) about 2."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Every mode at 1,000 and 10,000 Services with 2 endpoints, measured briefly.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the results go (created if missing; default: ${DEFAULT-VALUE}).")
    Path out = Path.of("bench-results");

    @Option(names = "--modes", split = ",", paramLabel = "MODE", description = "Only these modes (iptables, ipvs, nftables, ebpf).")
    List<String> modes;

    @Option(names = "--services", split = ",", paramLabel = "N", description = "Service counts instead of the plan's.")
    List<Integer> services;

    @Option(names = "--endpoints", split = ",", paramLabel = "N", description = "Endpoints per Service instead of the plan's.")
    List<Integer> endpoints;

    @Option(names = "--warmup", paramLabel = "MS", description = "Warm-up per node in milliseconds instead of the plan's.")
    Long warmupMs;

    @Option(names = "--measure", paramLabel = "MS", description = "Measured time per node in milliseconds instead of the plan's.")
    Long measureMs;

    @Override
    public Integer call() throws IOException {
        BenchPlan base = quick ? BenchPlan.quick() : BenchPlan.full();
        List<ProxyMode> m = base.modes();
        if (modes != null) {
            m = new ArrayList<>();
            for (String name : modes) m.add(ProxyMode.of(name));
        }
        CalibratedLoop loop = base.loop();
        if (warmupMs != null || measureMs != null) {
            loop = new CalibratedLoop(warmupMs == null ? loop.warmup() : millis("--warmup", warmupMs),
                    measureMs == null ? loop.measure() : millis("--measure", measureMs), loop.rounds());
        }
        BenchPlan plan = new BenchPlan(m, services == null ? base.services() : services, endpoints == null ? base.endpoints() : endpoints, loop);
        int nodes = plan.modes().size() * plan.services().size() * plan.endpoints().size();
        System.err.printf(Locale.ROOT, "kdp bench%s: %d cases on %d node%s%n", quick ? " --quick" : "", plan.cases(), nodes, nodes == 1 ? "" : "s");
        List<LookupResult> results = new BenchRunner(plan, new PrintingProgress(System.err)).run();
        for (Path p : BenchReport.write(out, results)) System.err.println("wrote " + p);
        return 0;
    }

    private static Duration millis(String option, long ms) {
        if (ms < 1) throw new IllegalArgumentException(option + " " + ms + ": expected a positive number of milliseconds");
        return Duration.ofMillis(ms);
    }
}
