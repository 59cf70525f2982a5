package io.kdp.kubeproxy.ipvs;

import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.DummyDevice;
import io.kdp.linux.IpAddrShow;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.packet.Cidr;

/** A bare emulated node for IPVS-mode tests: {@code lo} and an {@code eth0} with the node IP, up. */
final class IpvsNode {
    private IpvsNode() {}

    static NetNamespace create(String name, String cidr) {
        NetNamespace ns = new NetNamespace(name, new Backlog(new Clock(0)), 1);
        NetDevice eth0 = new DummyDevice(ns, "eth0", ns.randomMac("eth0"));
        ns.addAddress(eth0, Cidr.parse(cidr));
        ns.setUp(eth0);
        return ns;
    }

    /** {@code ip addr show DEV}: the device's block of {@code ip addr}. */
    static String addrShow(NetNamespace ns, String dev) {
        StringBuilder sb = new StringBuilder();
        boolean in = false;
        for (String line : IpAddrShow.render(ns).split("\n")) {
            if (!line.startsWith(" ")) in = line.matches("\\d+: " + dev + "[:@].*");
            if (in) sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** The four views of a node an IPVS-mode golden file holds. */
    static String views(NetNamespace ns, String restoreText) {
        return "== iptables-restore input ==\n" + restoreText
                + "== ipvsadm -Ln ==\n" + ns.ipvs().list()
                + "== ipset save ==\n" + ns.ipsets().save()
                + "== ip addr show kube-ipvs0 ==\n" + addrShow(ns, IpvsProxier.DUMMY_DEVICE);
    }
}
