package io.kdp.bench;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.ClusterBuilder;
import io.kdp.cluster.capture.CaptureInterface;
import io.kdp.cluster.capture.CaptureSession;
import io.kdp.cluster.capture.TraceCapture;
import io.kdp.cluster.capture.TraceFrame;
import io.kdp.cluster.scenario.ScenarioLoader;
import io.kdp.cluster.trace.ConnectionTracer;
import io.kdp.packet.pcap.PcapngWriter;
import io.kdp.packet.wire.PacketCodec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Packets per second written to pcapng: each operation is one frame of the default scenario's
 * showcase capture (40 frames: SYN, SYN-ACK, ACK, HTTP request and reply on every interface they
 * crossed), encoded to wire bytes with checksums and appended as an Enhanced Packet Block with its
 * step comment to a buffered stream that discards its bytes, so the disk does not set the pace.
 * {@link #writeOnly} leaves the encoding out, to show what it costs.
 *
 * <p>Run: {@code mvn -q -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar CaptureWrite}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CaptureWriteBenchmark {
    private List<TraceFrame> frames;
    private int[] interfaceIds;
    private byte[][] encoded;
    private PcapngWriter writer;
    private int next;

    @Setup(Level.Trial)
    public void capture() throws Exception {
        Cluster cluster = ClusterBuilder.build(ScenarioLoader.resolve("default"), 1);
        CaptureSession session = CaptureSession.start(cluster);
        TraceCapture capture = session.finish(new ConnectionTracer(cluster).trace("default/client", "svc/default/web:http", "tcp", 1));
        frames = capture.frames();
        writer = new PcapngWriter(new BufferedOutputStream(OutputStream.nullOutputStream(), 1 << 16), "kdp bench", capture.sectionComment());
        List<CaptureInterface> interfaces = capture.interfaces();
        for (CaptureInterface i : interfaces) writer.addInterface(i.name(), i.linkType(), i.description());
        interfaceIds = new int[frames.size()];
        encoded = new byte[frames.size()][];
        for (int k = 0; k < frames.size(); k++) {
            interfaceIds[k] = interfaces.indexOf(frames.get(k).iface());
            encoded[k] = PacketCodec.encode(frames.get(k).frame());
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        writer.close();
    }

    /** Encode one frame and write it with its comment: what {@code kdp trace --pcap} does per frame. */
    @Benchmark
    public void encodeAndWrite() throws IOException {
        int k = next;
        next = k + 1 == frames.size() ? 0 : k + 1;
        TraceFrame f = frames.get(k);
        writer.write(interfaceIds[k], f.timestampNanos(), PacketCodec.encode(f.frame()), f.comment());
    }

    /** Write one already-encoded frame with its comment. */
    @Benchmark
    public void writeOnly() throws IOException {
        int k = next;
        next = k + 1 == frames.size() ? 0 : k + 1;
        TraceFrame f = frames.get(k);
        writer.write(interfaceIds[k], f.timestampNanos(), encoded[k], f.comment());
    }
}
