package io.kdp.linux.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.VethDevice;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.UdpHeader;
import io.kdp.packet.pcap.CaptureReader;
import io.kdp.packet.pcap.CapturedFrame;
import io.kdp.packet.pcap.LinkType;
import io.kdp.packet.wire.PacketCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The emulated VXLAN encapsulation against the real kernel's: two network namespaces joined by a veth
 * pair with a vxlan device each; one UDP datagram sent over it is captured on the underlay veth with
 * tcpdump and compared byte for byte with what {@link VxlanDevice} puts on the emulated veth for the
 * same inner datagram (same MACs, addresses, ports and inner IP id).
 *
 * <p>What the kernel randomises is compared apart: the outer UDP source port (udp_flow_src_port over
 * skb_get_hash, a siphash keyed at boot) and the outer IP id (__ip_select_ident, also keyed at boot)
 * must merely lie in the same ranges; the emulated packet then gets the kernel's values and must encode
 * to the captured bytes exactly, outer IP header checksum and outer UDP checksum included.
 *
 * <p>One more difference is an artefact of the capture, not of the wire: veth and vxlan offload
 * checksums (NETIF_F_HW_CSUM), so the inner UDP checksum is still CHECKSUM_PARTIAL when tcpdump sees
 * the frame on the sending veth: the field holds the folded pseudo-header sum that "hardware" would
 * complete. The test checks that value, then puts the final checksum there; the kernel's outer UDP
 * checksum was computed for that final value already (local checksum offload, lco_csum).
 */
class VxlanRealKernelTest {
    static final String A_VETH = "02:42:c0:a8:31:02", B_VETH = "02:42:c0:a8:31:03", A_VX = "6e:00:00:00:00:0a", B_VX = "6e:00:00:00:00:0b";

    @ParameterizedTest
    @ValueSource(strings = {"", "noudpcsum"})
    void encapsulationIsByteIdenticalToTheKernels(String csumOption) throws Exception {
        RealKernel.require("ip", "bridge", "tcpdump", "python3");
        byte[] kernel = captureRealKernel(csumOption);

        Packet captured = PacketCodec.decode(kernel, LinkType.ETHERNET);
        Packet innerFromKernel = captured.inner();
        Packet emulated = emulate(csumOption, innerFromKernel.ipv4().id(), innerFromKernel.ipv4().dontFragment());

        // The randomised fields: same ranges, then take the kernel's values.
        assertThat(captured.srcPort()).isBetween(32768, 60998);
        assertThat(emulated.srcPort()).isBetween(32768, 60998);
        Packet aligned = emulated.withTransport(emulated.udp().withPorts(captured.srcPort(), emulated.dstPort()))
                .withIpv4(new Ipv4Header(emulated.ipv4().tos(), captured.ipv4().id(), emulated.ipv4().dontFragment(), emulated.ipv4().ttl(),
                        emulated.ipv4().protocol(), emulated.src(), emulated.dst()));
        byte[] ours = PacketCodec.encode(aligned);
        assertThat(ours).hasSameSizeAs(kernel);

        // The inner UDP checksum in the capture is the partial (pseudo-header) sum of checksum offload.
        int innerUdp = 14 + 20 + 8 + 8 + 14 + 20;
        int innerLen = u16(kernel, innerUdp + 4);
        long sum = (innerFromKernel.src() >>> 16) + (innerFromKernel.src() & 0xffff) + (innerFromKernel.dst() >>> 16)
                + (innerFromKernel.dst() & 0xffff) + IpProtocol.UDP + innerLen;
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
        assertThat(u16(kernel, innerUdp + 6)).isEqualTo((int) sum);
        kernel[innerUdp + 6] = ours[innerUdp + 6];
        kernel[innerUdp + 7] = ours[innerUdp + 7];

        assertThat(hex(ours)).isEqualTo(hex(kernel));
        assertThat(PacketCodec.checksumsValid(kernel, LinkType.ETHERNET)).isTrue();
        assertThat(u16(kernel, 14 + 20 + 6) == 0).isEqualTo(csumOption.equals("noudpcsum"));
    }

    /** Our two nodes with the kernel test's MACs and addresses; returns the frame sent on node-a's veth0. */
    static Packet emulate(String csumOption, int innerId, boolean innerDf) {
        Net net = new Net();
        NetNamespace a = net.host("a"), b = net.host("b");
        VethDevice v = VethDevice.pair(a, "veth0", MacAddress.parse(A_VETH), b, "veth1", MacAddress.parse(B_VETH), 1500);
        Net.up(v, "192.168.49.2/24");
        Net.up(v.peer(), "192.168.49.3/24");
        VxlanDevice vx = VxlanDevice.create(a, "vxlan1", MacAddress.parse(A_VX),
                VxlanConfig.parse("id 1 dstport 8472 local 192.168.49.2 nolearning dev veth0 " + csumOption));
        Net.up(vx, "10.244.0.0/32");
        a.route("add 10.244.1.0/24 via 10.244.1.0 dev vxlan1 onlink");
        Net.neigh(a, "10.244.1.0 lladdr " + B_VX + " dev vxlan1 nud permanent");
        Net.neigh(a, "192.168.49.3 lladdr " + B_VETH + " dev veth0 nud permanent");
        vx.bridgeFdb("append " + B_VX + " dev vxlan1 dst 192.168.49.3 self permanent");
        a.sendFromSocket(new Packet(null, new Ipv4Header(0, innerId, innerDf, 64, IpProtocol.UDP, Ip4.parse("10.244.0.0"), Ip4.parse("10.244.1.5")),
                new UdpHeader(40000, 5353), Payload.Data.ascii("hello kdp")));
        net.run();
        List<Packet> sent = net.sentOn("a/veth0");
        assertThat(sent).hasSize(1);
        return sent.get(0);
    }

    static byte[] captureRealKernel(String csumOption) throws Exception {
        String base = "kdp-vx-" + ThreadLocalRandom.current().nextInt(100000);
        String a = base + "-a", b = base + "-b";
        Path pcap = Files.createTempFile("kdp-vxlan", ".pcap");
        try {
            RealKernel.sh("ip netns add " + a + " && ip netns add " + b);
            RealKernel.sh(String.join(" && ",
                    "ip -n " + a + " link add veth0 type veth peer name veth1 netns " + b,
                    "ip -n " + a + " link set veth0 address " + A_VETH,
                    "ip -n " + b + " link set veth1 address " + B_VETH,
                    "ip -n " + a + " addr add 192.168.49.2/24 dev veth0",
                    "ip -n " + b + " addr add 192.168.49.3/24 dev veth1",
                    "ip -n " + a + " link set veth0 up",
                    "ip -n " + b + " link set veth1 up",
                    "ip -n " + a + " link add vxlan1 type vxlan id 1 dstport 8472 local 192.168.49.2 nolearning dev veth0 " + csumOption,
                    "ip -n " + a + " link set vxlan1 address " + A_VX,
                    "ip -n " + a + " addr add 10.244.0.0/32 dev vxlan1",
                    "ip -n " + a + " link set vxlan1 up",
                    "ip -n " + a + " route add 10.244.1.0/24 via 10.244.1.0 dev vxlan1 onlink",
                    "ip -n " + a + " neigh add 10.244.1.0 lladdr " + B_VX + " dev vxlan1 nud permanent",
                    "ip -n " + a + " neigh add 192.168.49.3 lladdr " + B_VETH + " dev veth0 nud permanent",
                    "bridge -n " + a + " fdb append " + B_VX + " dev vxlan1 dst 192.168.49.3 self permanent"));
            Process dump = RealKernel.tcpdump(a, "veth0", pcap.toString(), 1, "udp port 8472");
            RealKernel.sh("ip netns exec " + a + " python3 -c \"import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
                    + "s.bind(('10.244.0.0', 40000)); s.sendto(b'hello kdp', ('10.244.1.5', 5353))\"");
            if (!dump.waitFor(10, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
                throw new AssertionError("tcpdump captured nothing in 10 s");
            }
            try (CaptureReader r = CaptureReader.open(pcap)) {
                List<CapturedFrame> frames = r.readAll();
                assertThat(frames).hasSize(1);
                return frames.get(0).data();
            }
        } finally {
            RealKernel.exec(List.of("ip", "netns", "del", a), false);
            RealKernel.exec(List.of("ip", "netns", "del", b), false);
            Files.deleteIfExists(pcap);
        }
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length; i++) sb.append(i % 16 == 0 ? "\n" : " ").append(String.format("%02x", b[i] & 0xff));
        return sb.toString();
    }
}
