package io.kdp.bench;

import io.kdp.cluster.bench.BenchNode;
import io.kdp.cluster.bench.ProxyMode;
import io.kdp.cluster.bench.SyntheticServices;
import io.kdp.kubeproxy.Proxier;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.linux.NetNamespace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of applying ONE Service change (issue 5, item 6): one endpoint of the middle Service is
 * replaced by a new pod, and kube-proxy syncs that into the node's kernel through the real proxier
 * ({@code Proxier.apply}: compute the sync, then load it). Each invocation flips between the two
 * states, which kube-proxy's change trackers hold ready ({@link ProxyState}s built in setup).
 * <ul>
 *   <li>{@link #iptablesFullRestore}: a full sync (kube-proxy before v1.28, and hourly since):
 *       every rule regenerated and the whole ruleset restored.</li>
 *   <li>{@link #iptablesPartialSync}: kube-proxy's partial sync (the default since v1.28): the
 *       top-level chains and the changed Service's chains only, {@code iptables-restore --noflush}.</li>
 *   <li>{@link #ipvsIncremental}: IPVS mode's diff of virtual and real servers (one real server
 *       replaced) plus its constant-size iptables and ipset updates.</li>
 *   <li>{@link #nftablesIncremental}: the nftables proxier's transaction of the changed chains and
 *       map elements.</li>
 *   <li>{@link #ebpfIncremental}: the eBPF agent's map updates.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ServiceChange -p services=1000,10000}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ServiceChangeBenchmark {
    /** A node of one mode with the two states one Service change flips between. */
    @State(Scope.Thread)
    public abstract static class Node {
        @Param({"100", "1000", "5000", "10000", "30000"})
        public int services;

        @Param({"2"})
        public int endpoints;

        NetNamespace ns;
        Proxier proxier;
        ProxyState before, after;
        boolean flipped;

        abstract ProxyMode mode();

        @Setup(Level.Trial)
        public void build() {
            SyntheticServices state = SyntheticServices.of(services, endpoints);
            BenchNode node = BenchNode.build(mode(), state);
            ns = node.ns();
            proxier = node.proxier();
            SyntheticServices changed = state.withEndpointReplaced(services / 2);
            before = ProxyState.build(BenchNode.NODE, state.services(), state.slices());
            after = ProxyState.build(BenchNode.NODE, changed.services(), changed.slices());
        }

        /** Applies the other state: one Service changed since the last sync. */
        Object change(boolean full) {
            flipped = !flipped;
            if (full) proxier.requestFullSync();
            return proxier.apply(ns, flipped ? after : before);
        }
    }

    @State(Scope.Thread)
    public static class IptablesNode extends Node {
        @Override ProxyMode mode() { return ProxyMode.IPTABLES; }
    }

    @State(Scope.Thread)
    public static class IpvsNode extends Node {
        @Override ProxyMode mode() { return ProxyMode.IPVS; }
    }

    @State(Scope.Thread)
    public static class NftablesNode extends Node {
        @Override ProxyMode mode() { return ProxyMode.NFTABLES; }
    }

    @State(Scope.Thread)
    public static class EbpfNode extends Node {
        @Override ProxyMode mode() { return ProxyMode.EBPF; }
    }

    @Benchmark
    public Object iptablesFullRestore(IptablesNode n) {
        return n.change(true);
    }

    @Benchmark
    public Object iptablesPartialSync(IptablesNode n) {
        return n.change(false);
    }

    @Benchmark
    public Object ipvsIncremental(IpvsNode n) {
        return n.change(false);
    }

    @Benchmark
    public Object nftablesIncremental(NftablesNode n) {
        return n.change(false);
    }

    @Benchmark
    public Object ebpfIncremental(EbpfNode n) {
        return n.change(false);
    }
}
