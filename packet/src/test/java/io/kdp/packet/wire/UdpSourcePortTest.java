package io.kdp.packet.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.packet.Packet;
import io.kdp.packet.SamplePackets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Expected values come from an independent Python implementation of jhash_3words and the kernel's scaling. */
class UdpSourcePortTest {
    @Test
    void flowHashIsLookup3OverTheOrderedFlow() {
        assertThat(UdpSourcePort.flowHash(SamplePackets.tcpSyn())).isEqualTo(0x274657d1);
        assertThat(UdpSourcePort.flowHash(SamplePackets.tcpSynAck())).isEqualTo(0x274657d1);
    }

    @Test
    void scalesIntoTheEphemeralRangeByDefault() {
        assertThat(PacketCodec.vxlanSourcePort(SamplePackets.tcpSyn(), 0, 0)).isEqualTo(45184);
        assertThat(PacketCodec.vxlanSourcePort(SamplePackets.tcpSynAck(), 0, 0)).isEqualTo(45184);
        assertThat(PacketCodec.vxlanSourcePort(SamplePackets.tcpSyn(), 1000, 2000)).isEqualTo(1439);
        assertThat(PacketCodec.vxlanSourcePort(SamplePackets.icmpEcho(), 0, 0)).isEqualTo(35076);
    }

    @Test
    void differentFlowsSpreadOverTheRange() {
        Set<Integer> ports = new HashSet<>();
        Packet syn = SamplePackets.tcpSyn();
        for (int sport = 40000; sport < 40200; sport++) {
            int port = PacketCodec.vxlanSourcePort(syn.withSource(syn.src(), sport), 0, 0);
            assertThat(port).isBetween(32768, 60998);
            ports.add(port);
        }
        assertThat(ports.size()).isGreaterThan(195);
    }
}
