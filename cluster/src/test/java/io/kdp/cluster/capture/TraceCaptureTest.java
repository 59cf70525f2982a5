package io.kdp.cluster.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.ClusterBuilder;
import io.kdp.cluster.scenario.ScenarioLoader;
import io.kdp.cluster.trace.ConnectionTracer;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Ip4;
import io.kdp.packet.MacAddress;
import io.kdp.packet.pcap.LinkType;
import io.kdp.packet.wire.PacketCodec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The frames of the default showcase trace as tcpdump would see them on each interface. */
class TraceCaptureTest {
    static TraceCapture capture;

    @BeforeAll
    static void traceDefault() throws Exception {
        capture = Showcase.capture("default", 1);
    }

    @Test
    void oneFramePerTxAndRxStepOfTheTrace() {
        List<Integer> steps = new ArrayList<>();
        int n = 0;
        for (var p : capture.trace().packets()) {
            for (Hop h : p.hops()) {
                for (Step s : h.steps()) {
                    n++;
                    if (s instanceof Step.Transmit || s instanceof Step.Receive) steps.add(n);
                }
            }
        }
        assertThat(capture.frames()).extracting(TraceFrame::step).containsExactlyElementsOf(steps);
        // SYN, SYN-ACK, ACK, request, reply: each crosses 8 interfaces (pod eth0, node veth, node eth0, 2 switch ports, ...)
        assertThat(capture.frames()).hasSize(40);
    }

    @Test
    void interfacesInOrderOfFirstUseNamedHostSlashDevice() {
        assertThat(capture.interfaces()).extracting(CaptureInterface::name).containsExactly(
                "default/client/eth0", "node-a/vethce2a28d0", "node-a/eth0", "underlay/port1", "underlay/port2",
                "node-b/eth0", "node-b/vethdd2d823c", "default/web-b/eth0");
        assertThat(capture.interfaces()).allSatisfy(i -> {
            assertThat(i.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(i.description()).isEqualTo("veth");
        });
        assertThat(capture.interfaces().get(0).fileStem()).isEqualTo("default_client_eth0");
    }

    @Test
    void commentsNameTheStepAndTheLastNatOnThatHost() {
        List<String> comments = capture.frames().stream().map(TraceFrame::comment).toList();
        assertThat(comments.subList(0, 8)).containsExactly(
                "step 3 default/client tx eth0",
                "step 4 node-a rx vethce2a28d0",
                "step 31 node-a tx eth0 (after nat:KUBE-SEP-UIQK3OSOSTRHRPBX DNAT 10.96.0.10:80 -> 10.244.1.2:8080)",
                "step 32 underlay rx port1",
                "step 34 underlay tx port2",
                "step 35 node-b rx eth0",
                "step 60 node-b tx vethdd2d823c",
                "step 61 default/web-b rx eth0");
        // later packets are rewritten by conntrack's stored binding, not by a rule
        assertThat(comments).contains("step 116 node-a tx eth0 (after DNAT 10.96.0.10:80 -> 10.244.1.2:8080)",
                "step 204 node-a tx vethce2a28d0 (after un-DNAT 10.244.1.2:8080 -> 10.96.0.10:80)");
        assertThat(capture.sectionComment()).isEqualTo("scenario default: default/client -> svc/default/web:http");
    }

    @Test
    void framesShowTheAddressesOfTheirInterface() {
        TraceFrame clientSyn = capture.frames().get(0), nodeSyn = capture.frames().get(2);
        assertThat(Ip4.format(clientSyn.frame().dst())).isEqualTo("10.96.0.10");
        assertThat(clientSyn.frame().dstPort()).isEqualTo(80);
        assertThat(Ip4.format(nodeSyn.frame().dst())).isEqualTo("10.244.1.2");
        assertThat(nodeSyn.frame().dstPort()).isEqualTo(8080);
        assertThat(nodeSyn.frame().ethernet().dst()).isEqualTo(MacAddress.parse("ca:7c:b5:2e:d7:19")); // node-b/eth0, as ARP said
        assertThat(capture.frames()).extracting(TraceFrame::packetLabel).containsSequence("SYN", "SYN", "SYN", "SYN", "SYN", "SYN", "SYN", "SYN", "SYN-ACK");
    }

    @Test
    void timestampsAdvanceOneHopAtATimeAndNeverGoBack() {
        List<TraceFrame> f = capture.frames();
        assertThat(f.get(0).timestampNanos()).isEqualTo(ClusterBuilder.EPOCH_NANOS);
        for (int i = 1; i < f.size(); i++) assertThat(f.get(i).timestampNanos()).isGreaterThanOrEqualTo(f.get(i - 1).timestampNanos());
        // tx on the client's eth0, then rx on the node's veth one link crossing (1 us) later
        assertThat(f.get(1).timestampNanos() - f.get(0).timestampNanos()).isEqualTo(1_000);
        assertThat(f.get(39).timestampNanos() - f.get(0).timestampNanos()).isEqualTo(20_000);
    }

    @Test
    void neverTheSameStepTwiceAndEveryFrameHasValidChecksums() {
        Set<Integer> steps = new HashSet<>();
        for (TraceFrame f : capture.frames()) {
            assertThat(steps.add(f.step())).isTrue();
            byte[] bytes = PacketCodec.encode(f.frame());
            assertThat(PacketCodec.checksumProblems(bytes, LinkType.ETHERNET)).isEmpty();
            assertThat(bytes.length).isEqualTo(f.frame().frameLength());
        }
    }

    @Test
    void onLoopbackEachFrameIsCapturedOnceAsTcpdumpShowsIt() throws Exception {
        Cluster cluster = ClusterBuilder.build(ScenarioLoader.resolve("default"), 1);
        CaptureSession session = CaptureSession.start(cluster);
        TraceCapture lo = session.finish(new ConnectionTracer(cluster).trace("default/web-a", "default/web-a:8080", "tcp", 1));
        assertThat(lo.interfaces()).extracting(CaptureInterface::name).containsExactly("default/web-a/lo");
        assertThat(lo.frames()).extracting(TraceFrame::comment).containsExactly(
                "step 2 default/web-a tx lo", "step 7 default/web-a tx lo", "step 12 default/web-a tx lo",
                "step 17 default/web-a tx lo", "step 22 default/web-a tx lo");
        assertThat(lo.frames().get(0).frame().ethernet()).isEqualTo(LinkFraming.ZERO_HEADER);
    }

    @Test
    void aTapThatSawOtherFramesIsRefused() {
        var trace = capture.trace();
        assertThatThrownBy(() -> TraceCapture.align(trace, List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("capture out of step with the trace at step 3 (default/client eth0): no frame was tapped");
        TappedFrame stray = new TappedFrame("node-c", "eth0", true, false, null, true, capture.frames().get(0).frame(), 0);
        assertThatThrownBy(() -> TraceCapture.align(trace, List.of(stray)))
                .hasMessage("capture out of step with the trace at step 3 (default/client eth0): the tap saw tx node-c/eth0");
    }

    @Test
    void sessionPutsThePreviousTapBack() throws Exception {
        Cluster cluster = ClusterBuilder.build(ScenarioLoader.resolve("default"), 1);
        FrameRecorder outer = new FrameRecorder();
        cluster.backlog().tap(outer);
        CaptureSession session = CaptureSession.start(cluster);
        TraceCapture c = session.finish(new ConnectionTracer(cluster).trace("default/client", "svc/default/web:http", "tcp", 1));
        assertThat(cluster.backlog().tap()).isSameAs(outer);
        assertThat(outer.take()).hasSize(c.frames().size());
    }
}
