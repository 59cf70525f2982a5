package io.kdp.cni.flannel;

import io.kdp.cni.PodAttachment;
import io.kdp.linux.BridgeDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.VethDevice;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The CNI {@code bridge} plugin as the flannel CNI plugin delegates to it (flannel_linux.go doCmdAdd
 * with kube-flannel's {@code "delegate": {"hairpinMode": true, "isDefaultGateway": true}}): bridge
 * {@code cni0} created on the first ADD with FLANNEL_MTU, a veth pair per pod (host side
 * {@code veth<8 hex>} enslaved to cni0 in hairpin mode, pod side {@code eth0}), the address from
 * host-local over FLANNEL_SUBNET, routes to the flannel network and a default route via the
 * subnet's first address, which the bridge holds (isGateway), and ip_forward on. No masquerade:
 * flanneld does it (FLANNEL_IPMASQ=true turns the plugin's ipMasq off).
 */
final class BridgeDelegate {
    static final String BRIDGE = "cni0";

    private BridgeDelegate() {}

    static PodAttachment add(NetNamespace host, SubnetEnv env, String pod, NetNamespace podNs, int address) {
        Cidr subnet = env.subnet().toNetwork();
        if (!subnet.contains(address)) throw new IllegalArgumentException(Ip4.format(address) + " is outside the node's flannel subnet " + subnet);
        int gateway = subnet.network() + 1;
        BridgeDevice br = ensureBridge(host, env.mtu());

        String hostName = hostVethName(pod);
        VethDevice podSide = VethDevice.pair(podNs, "eth0", podNs.randomMac("eth0"), host, hostName, host.randomMac(hostName), env.mtu());
        VethDevice hostSide = podSide.peer();
        host.setUp(hostSide);
        br.addPort(hostSide);
        br.hairpin(hostSide, true);

        Cidr addr = new Cidr(address, subnet.prefixLength());
        podNs.addAddress(podSide, addr);
        podNs.setUp(podSide);
        // IPAM's routes (the flannel network, via the gateway as ipam.ConfigureIface fills it in), then isDefaultGateway's.
        podNs.route("add " + env.network().toNetwork() + " via " + Ip4.format(gateway) + " dev eth0");
        podNs.route("add default via " + Ip4.format(gateway) + " dev eth0");

        Cidr gw = new Cidr(gateway, subnet.prefixLength());
        if (!br.addresses().contains(gw)) host.addAddress(br, gw);
        host.sysctls().set("net.ipv4.ip_forward", "1");
        return new PodAttachment(pod, podNs, podSide, addr, hostSide);
    }

    /** setupBridge: {@code ip link add cni0 type bridge}, its MTU, up. */
    private static BridgeDevice ensureBridge(NetNamespace host, int mtu) {
        if (host.device(BRIDGE) instanceof BridgeDevice b) return b;
        BridgeDevice br = new BridgeDevice(host, BRIDGE, host.randomMac(BRIDGE));
        br.mtu(mtu);
        host.setUp(br);
        return br;
    }

    /** {@code veth} plus 8 hex digits, as ip.RandomVethName names host sides; derived from the pod so runs repeat. */
    static String hostVethName(String pod) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("flannel/" + pod).getBytes(StandardCharsets.UTF_8));
            return "veth" + HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
