package io.kdp.bench;

import io.kdp.cluster.bench.BenchNode;
import io.kdp.cluster.bench.Position;
import io.kdp.cluster.bench.ProxyMode;
import io.kdp.cluster.bench.SyntheticServices;
import io.kdp.linux.trace.TraceRecorder;
import io.kdp.packet.Packet;
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
 * Packets per second through a whole node, ingress to egress (issue 5, item 6): the client pod's
 * packet to the last Service is received on the pod's veth, crosses the node's stack with its
 * netfilter hooks (or eBPF programs), is load-balanced and leaves on the uplink; the backlog is
 * drained for each one. {@link #newConnections} sends SYNs of new connections (the connection
 * tables are flushed between invocations, untimed); {@link #established} sends packets of one open
 * connection. With {@code tracing=on} every step is recorded, as {@code kdp trace} does (the
 * recorder is emptied between invocations).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar NodeThroughput}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NodeThroughputBenchmark {
    /** Packets per invocation. */
    public static final int BATCH = 256;

    @Param({"iptables", "ipvs", "nftables", "ebpf"})
    public String mode;

    @Param({"1000"})
    public int services;

    @Param({"off", "on"})
    public String tracing;

    private BenchNode node;
    private TraceRecorder recorder;
    private BenchNode.Connection connection;
    private int service;

    @Setup(Level.Trial)
    public void build() {
        node = BenchNode.build(ProxyMode.of(mode), SyntheticServices.of(services, 2));
        service = node.serviceAt(Position.LAST);
        if (tracing.equals("on")) {
            recorder = new TraceRecorder();
            node.tracer(recorder);
        } else if (!tracing.equals("off")) {
            throw new IllegalArgumentException("tracing: expected on or off, not " + tracing);
        }
        connection = node.open(service);
    }

    /** Untimed: the recorded steps are dropped; new connections leave the tables and the open one is reopened. */
    @Setup(Level.Invocation)
    public void reset() {
        if (recorder != null) recorder.take();
        long before = node.flushes();
        node.flushConnections();
        if (node.flushes() != before) connection = node.open(service);
        if (recorder != null) recorder.take();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long newConnections() {
        long sum = 0;
        for (int i = 0; i < BATCH; i++) sum += check(node.sendNew(service)).dst();
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long established() {
        long sum = 0;
        for (int i = 0; i < BATCH; i++) sum += check(node.sendEstablished(connection)).srcPort();
        return sum;
    }

    private Packet check(Packet egress) {
        if (egress == null || !node.isEndpointOf(service, egress.dst())) {
            throw new IllegalStateException(mode + ": the packet did not leave the node load-balanced (" + egress + ")");
        }
        return egress;
    }
}
