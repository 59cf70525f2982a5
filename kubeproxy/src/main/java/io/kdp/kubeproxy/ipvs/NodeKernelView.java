package io.kdp.kubeproxy.ipvs;

import io.kdp.kubeproxy.iptables.EnsuredChain;
import io.kdp.kubeproxy.iptables.EnsuredRule;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.iptables.Chain;
import io.kdp.linux.iptables.Rule;
import io.kdp.linux.iptables.Table;
import io.kdp.linux.ipset.IpSet;
import io.kdp.linux.ipvs.RealServer;
import io.kdp.linux.ipvs.ServiceKey;
import io.kdp.linux.ipvs.VirtualService;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The kernel state of a live node, read from its emulated namespace. */
final class NodeKernelView implements KernelView {
    private final NetNamespace ns;

    NodeKernelView(NetNamespace ns) {
        this.ns = ns;
    }

    @Override
    public boolean hasDummyDevice() {
        return ns.device(IpvsProxier.DUMMY_DEVICE) != null;
    }

    @Override
    public Set<String> boundAddresses() {
        NetDevice dev = ns.device(IpvsProxier.DUMMY_DEVICE);
        Set<String> out = new LinkedHashSet<>();
        if (dev != null) for (Cidr c : dev.addresses()) out.add(Ip4.format(c.address()));
        return out;
    }

    @Override
    public List<String> nodeAddresses() {
        List<String> out = new ArrayList<>();
        for (NetDevice d : ns.devices()) {
            if (d.name().equals(IpvsProxier.DUMMY_DEVICE)) continue;
            for (Cidr c : d.addresses()) {
                String ip = Ip4.format(c.address());
                if (!Ip4.isLoopback(c.address()) && !out.contains(ip)) out.add(ip);
            }
        }
        return out;
    }

    @Override
    public Applied service(ServiceKey key) {
        VirtualService vs = ns.ipvs().service(key);
        if (vs == null) return null;
        Map<String, Dest> dests = new LinkedHashMap<>();
        for (RealServer d : vs.dests()) dests.put(d.endpoint(), new Dest(d.weight(), d.activeConns(), d.inactConns()));
        return new Applied(vs.config(), dests);
    }

    @Override
    public List<ServiceKey> services() {
        List<ServiceKey> out = new ArrayList<>();
        for (VirtualService vs : ns.ipvs().services()) out.add(vs.key());
        return out;
    }

    @Override
    public boolean hasSet(String name) {
        return ns.ipsets().get(name) != null;
    }

    @Override
    public Set<String> setEntries(String name) {
        IpSet set = ns.ipsets().get(name);
        return set == null ? Set.of() : new HashSet<>(set.members());
    }

    @Override
    public boolean hasChain(EnsuredChain chain) {
        Table t = ns.iptables().table(chain.table());
        return t != null && t.chain(chain.chain()) != null;
    }

    /** {@code iptables -C}: compared by the emulator's own rule text, as -C compares the kernel entries. */
    @Override
    public boolean hasRule(EnsuredRule rule) {
        Table t = ns.iptables().table(rule.table());
        Chain c = t == null ? null : t.chain(rule.chain());
        if (c == null) return false;
        for (Rule r : c.rules()) if (r.spec().equals(rule.spec())) return true;
        return false;
    }
}
