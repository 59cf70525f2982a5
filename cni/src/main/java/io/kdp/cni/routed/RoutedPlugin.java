package io.kdp.cni.routed;

import io.kdp.cni.CniPlugin;
import io.kdp.cni.NodeNetwork;
import io.kdp.cni.PodAttachment;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.VethDevice;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Routed pod networking without encapsulation, as Flannel's host-gw backend routes between nodes:
 * each node owns a pod CIDR and reaches the others' through their node IPs on a shared L2 segment
 * ({@code 10.244.2.0/24 via 192.168.49.3 dev eth0}). Pods hang off point-to-point veths: the pod has
 * its address as a /32 and a default route via the link-local gateway 169.254.1.1, which the host
 * side answers by proxy ARP; the host has a /32 route per pod (the scheme Calico uses for its
 * {@code cali*} devices).
 */
public final class RoutedPlugin implements CniPlugin {
    /** The gateway the pod routes through; never assigned, answered by proxy ARP. */
    public static final String GATEWAY = "169.254.1.1";

    @Override
    public String name() {
        return "routed";
    }

    @Override
    public void setupNode(NodeNetwork node, List<NodeNetwork> cluster) {
        NetNamespace ns = node.ns();
        ns.sysctls().set("net.ipv4.ip_forward", "1");
        for (NodeNetwork peer : cluster) {
            if (peer == node) continue;
            ns.route("add " + peer.podCidr().toNetwork() + " via " + Ip4.format(peer.nodeIp().address()) + " dev " + node.uplink().name());
        }
    }

    @Override
    public PodAttachment addPod(NodeNetwork node, String pod, NetNamespace podNs, int address) {
        NetNamespace host = node.ns();
        String hostName = hostVethName(pod);
        VethDevice hostSide = VethDevice.pair(host, hostName, host.randomMac(hostName), podNs, "eth0", podNs.randomMac("eth0"), 1500);
        VethDevice podSide = hostSide.peer();
        Cidr addr = new Cidr(address, 32);
        podNs.addAddress(podSide, addr);
        podNs.setUp(podSide);
        podNs.route("add " + GATEWAY + " dev eth0 scope link");
        podNs.route("add default via " + GATEWAY + " dev eth0");
        host.sysctls().set("net.ipv4.conf." + hostName + ".proxy_arp", "1");
        host.setUp(hostSide);
        host.route("add " + Ip4.format(address) + " dev " + hostName + " scope link");
        return new PodAttachment(pod, podNs, podSide, addr, hostSide);
    }

    /** {@code veth} plus 8 hex digits of a hash of the pod, as the CNI bridge and ptp plugins name host veths. */
    static String hostVethName(String pod) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest(pod.getBytes(StandardCharsets.UTF_8));
            return "veth" + HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
