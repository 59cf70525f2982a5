package io.kdp.bench;

import io.kdp.cluster.bench.BenchNode;
import io.kdp.cluster.bench.ConnectionKind;
import io.kdp.cluster.bench.DecisionProbe;
import io.kdp.cluster.bench.Position;
import io.kdp.cluster.bench.ProxyMode;
import io.kdp.cluster.bench.SyntheticServices;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-packet service decision (issue 5, item 6): nanoseconds per packet for a new connection
 * (conntrack miss) and for an established one (conntrack hit), to the Service first and last in
 * the tables, for every mode, Service count and endpoint count. What a "decision" covers in each
 * mode is {@link BenchNode}'s {@code decideNew}: the mode's own hook functions (netfilter
 * PREROUTING, IPVS's LOCAL_IN functions, or the eBPF tc program) and one routing lookup, called
 * directly on the node the real proxier loaded. {@code kdp bench} measures the same
 * {@link DecisionProbe}s with its own calibrated loop.
 *
 * <p>One node per (mode, services, endpoints) is built per trial through
 * {@code ProxyState.build} and {@code Proxier.apply}; each invocation pushes {@value #BATCH}
 * packets, and between invocations (untimed) the connection tables are flushed, as the kernel's
 * timers would expire them.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar Lookup -p mode=iptables,ipvs -p services=1000,10000 -p endpoints=2}
 * (the full matrix builds 160 nodes, some of them 30,000 Services of 10 endpoints; use {@code kdp bench} for the whole comparison).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LookupBenchmark {
    /** Packets per invocation. */
    public static final int BATCH = 256;

    @Param({"iptables", "ipvs", "nftables", "ebpf"})
    public String mode;

    @Param({"100", "1000", "5000", "10000", "30000"})
    public int services;

    @Param({"2", "10"})
    public int endpoints;

    private DecisionProbe newFirst, newLast, establishedFirst, establishedLast;

    @Setup(Level.Trial)
    public void build() {
        BenchNode node = BenchNode.build(ProxyMode.of(mode), SyntheticServices.of(services, endpoints));
        newFirst = new DecisionProbe(node, Position.FIRST, ConnectionKind.NEW);
        newLast = new DecisionProbe(node, Position.LAST, ConnectionKind.NEW);
        establishedFirst = new DecisionProbe(node, Position.FIRST, ConnectionKind.ESTABLISHED);
        establishedLast = new DecisionProbe(node, Position.LAST, ConnectionKind.ESTABLISHED);
    }

    /** Untimed: new connections' entries leave the tables; established connections are reopened if a flush took them. */
    @Setup(Level.Invocation)
    public void reset() {
        newFirst.reset();
        newLast.reset();
        establishedFirst.reset();
        establishedLast.reset();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long newFirst() {
        return newFirst.run(BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long newLast() {
        return newLast.run(BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long establishedFirst() {
        return establishedFirst.run(BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long establishedLast() {
        return establishedLast.run(BATCH);
    }
}
