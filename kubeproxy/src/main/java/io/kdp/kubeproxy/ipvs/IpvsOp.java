package io.kdp.kubeproxy.ipvs;

import io.kdp.kubeproxy.iptables.EnsuredChain;
import io.kdp.kubeproxy.iptables.EnsuredRule;
import io.kdp.linux.DummyDevice;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.ipvs.DestConfig;
import io.kdp.linux.ipvs.ForwardMethod;
import io.kdp.linux.ipvs.ServiceKey;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;

/**
 * One change an IPVS-mode sync makes to the node, in the order kube-proxy makes it. {@link #command()} is the
 * equivalent command line (kube-proxy itself talks netlink to IPVS and to the dummy device, and runs
 * {@code ipset} and {@code iptables-restore}); {@link #apply} makes the change in an emulated namespace.
 */
sealed interface IpvsOp {
    /** The equivalent shell command. */
    String command();

    /** Makes the change in {@code ns}. */
    void apply(NetNamespace ns);

    /** EnsureChain: {@code iptables -t T -N CHAIN}. */
    record CreateChain(EnsuredChain chain) implements IpvsOp {
        public String command() { return "iptables " + chain.command(); }
        public void apply(NetNamespace ns) { ns.iptables().command(chain.command()); }
    }

    /** EnsureRule(Prepend): {@code iptables -t T -I CHAIN ...}. */
    record PrependRule(EnsuredRule rule) implements IpvsOp {
        public String command() { return "iptables " + rule.insertCommand(); }
        public void apply(NetNamespace ns) { ns.iptables().command(rule.insertCommand()); }
    }

    /** EnsureDummyDevice: created and left down, as netlink.LinkAdd leaves it. */
    record AddDummy() implements IpvsOp {
        public String command() { return "ip link add " + IpvsProxier.DUMMY_DEVICE + " type dummy"; }
        public void apply(NetNamespace ns) { new DummyDevice(ns, IpvsProxier.DUMMY_DEVICE, ns.randomMac(IpvsProxier.DUMMY_DEVICE)); }
    }

    /** ensureIPSet: {@code ipset create NAME TYPE ... -exist}. */
    record CreateSet(KubeIpsets.Info set) implements IpvsOp {
        public String command() { return "ipset create " + set.name() + " " + set.type() + " " + String.join(" ", set.createOptions()) + " -exist"; }
        public void apply(NetNamespace ns) { ns.ipsets().create(set.name(), set.type(), set.createOptions(), true); }
    }

    /** AddVirtualServer: {@code ipvsadm -A}. */
    record AddService(VirtualServerSpec vs) implements IpvsOp {
        public String command() { return "ipvsadm -A " + vs.options(); }
        public void apply(NetNamespace ns) { ns.ipvs().addService(vs.key(), vs.config()); }
    }

    /** UpdateVirtualServer: {@code ipvsadm -E}. */
    record EditService(VirtualServerSpec vs) implements IpvsOp {
        public String command() { return "ipvsadm -E " + vs.options(); }
        public void apply(NetNamespace ns) { ns.ipvs().editService(vs.key(), vs.config()); }
    }

    /** DeleteVirtualServer: {@code ipvsadm -D}. */
    record DeleteService(ServiceKey key) implements IpvsOp {
        public String command() { return "ipvsadm -D " + key.option(); }
        public void apply(NetNamespace ns) { ns.ipvs().deleteService(key); }
    }

    /** AddRealServer: NAT, weight 1. */
    record AddDest(ServiceKey key, String ip, int port) implements IpvsOp {
        public String command() { return "ipvsadm -a " + key.option() + " -r " + ip + ":" + port + " -m -w 1"; }
        public void apply(NetNamespace ns) { ns.ipvs().addDest(key, DestConfig.masq(Ip4.parse(ip), port, 1)); }
    }

    /** UpdateRealServer: a new weight (0 while gracefully terminating, 1 on the first sync). */
    record EditDest(ServiceKey key, String ip, int port, int weight) implements IpvsOp {
        public String command() { return "ipvsadm -e " + key.option() + " -r " + ip + ":" + port + " -m -w " + weight; }
        public void apply(NetNamespace ns) { ns.ipvs().editDest(key, new DestConfig(Ip4.parse(ip), port, ForwardMethod.MASQ, weight, 0, 0)); }
    }

    /** DeleteRealServer: {@code ipvsadm -d}. */
    record DeleteDest(ServiceKey key, String ip, int port) implements IpvsOp {
        public String command() { return "ipvsadm -d " + key.option() + " -r " + ip + ":" + port; }
        public void apply(NetNamespace ns) { ns.ipvs().deleteDest(key, Ip4.parse(ip), port); }
    }

    /** EnsureAddressBind: the address as a /32 on kube-ipvs0. */
    record BindAddress(String ip) implements IpvsOp {
        public String command() { return "ip addr add " + ip + "/32 dev " + IpvsProxier.DUMMY_DEVICE; }
        public void apply(NetNamespace ns) { ns.addAddress(dummy(ns), Cidr.host(Ip4.parse(ip))); }
    }

    /** UnbindAddress. */
    record UnbindAddress(String ip) implements IpvsOp {
        public String command() { return "ip addr del " + ip + "/32 dev " + IpvsProxier.DUMMY_DEVICE; }
        public void apply(NetNamespace ns) { ns.removeAddress(dummy(ns), Cidr.host(Ip4.parse(ip))); }
    }

    /** AddEntry with -exist. */
    record AddEntry(String set, String entry) implements IpvsOp {
        public String command() { return "ipset add " + set + " " + entry + " -exist"; }
        public void apply(NetNamespace ns) { ns.ipsets().add(set, entry, true); }
    }

    /** DelEntry. */
    record DelEntry(String set, String entry) implements IpvsOp {
        public String command() { return "ipset del " + set + " " + entry; }
        public void apply(NetNamespace ns) { ns.ipsets().del(set, entry, false); }
    }

    /** RestoreAll with NoFlushTables and RestoreCounters. */
    record Restore(String text) implements IpvsOp {
        /** The name restore errors cite. */
        static final String SOURCE = "kube-proxy (ipvs) iptables-restore input";

        public String command() { return "iptables-restore --noflush --counters <<EOF\n" + text + "EOF"; }
        public void apply(NetNamespace ns) { ns.iptables().restore(SOURCE, text, true, true); }
    }

    private static NetDevice dummy(NetNamespace ns) {
        NetDevice d = ns.device(IpvsProxier.DUMMY_DEVICE);
        if (d == null) throw new IllegalStateException(ns.name() + ": no " + IpvsProxier.DUMMY_DEVICE + " device");
        return d;
    }
}
