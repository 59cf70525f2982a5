package io.kdp.kubeproxy.ipvs;

import io.kdp.kubeproxy.EndpointInfo;
import io.kdp.kubeproxy.iptables.EnsuredChain;
import io.kdp.kubeproxy.iptables.EnsuredRule;
import io.kdp.linux.ipvs.ServiceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kernel state a node would hold after the proxier's previous sync, with no traffic (every real server at
 * weight 1 with no connections), or an empty node before the first sync: what {@link IpvsProxier#sync} diffs
 * against when no node is given.
 */
final class ModelKernelView implements KernelView {
    private final DesiredState previous;
    private final List<String> nodeAddresses;

    /** @param previous the last synced state, or null for a fresh node */
    ModelKernelView(DesiredState previous, List<String> nodeAddresses) {
        this.previous = previous;
        this.nodeAddresses = List.copyOf(nodeAddresses);
    }

    @Override
    public boolean hasDummyDevice() {
        return previous != null;
    }

    @Override
    public Set<String> boundAddresses() {
        return previous == null ? Set.of() : previous.bindAddrs();
    }

    @Override
    public List<String> nodeAddresses() {
        return nodeAddresses;
    }

    @Override
    public Applied service(ServiceKey key) {
        DesiredState.VirtualServer vs = previous == null ? null : previous.servers().get(key);
        if (vs == null) return null;
        Map<String, Dest> dests = new LinkedHashMap<>();
        for (EndpointInfo ep : vs.dests()) dests.put(ep.toString(), new Dest(1, 0, 0));
        return new Applied(vs.spec().config(), dests);
    }

    @Override
    public List<ServiceKey> services() {
        return previous == null ? List.of() : new ArrayList<>(previous.servers().keySet());
    }

    @Override
    public boolean hasSet(String name) {
        return previous != null;
    }

    @Override
    public Set<String> setEntries(String name) {
        return previous == null ? Set.of() : previous.entries(name);
    }

    @Override
    public boolean hasChain(EnsuredChain chain) {
        return previous != null;
    }

    @Override
    public boolean hasRule(EnsuredRule rule) {
        return previous != null;
    }
}
