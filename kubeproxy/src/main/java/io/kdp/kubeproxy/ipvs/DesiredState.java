package io.kdp.kubeproxy.ipvs;

import io.kdp.kubeproxy.EndpointInfo;
import io.kdp.linux.ipvs.ServiceKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one IPVS-mode sync wants the node to hold (the state {@code syncProxyRules} accumulates): the virtual
 * servers with their real servers, the addresses to bind on {@code kube-ipvs0} ({@code activeBindAddrs}), every
 * ipset's entries ({@code activeEntries}), and the load-balancer IP:ports the node itself may not reach
 * ({@code lbNoNodeAccessIPPortProtocolEntries}).
 */
final class DesiredState {
    /** One virtual server: its spec, whether its address is bound on kube-ipvs0, and its endpoints sorted by ip:port. */
    record VirtualServer(VirtualServerSpec spec, boolean bind, List<EndpointInfo> dests) {
        VirtualServer {
            dests = List.copyOf(dests);
        }
    }

    /** A load-balancer IP:port with source ranges that exclude the node ({@code -m ipvs --vaddr ... -j DROP}). */
    record NoNodeAccess(String ip, String protocol, int port) {}

    private final Map<ServiceKey, VirtualServer> servers = new LinkedHashMap<>();
    private final Set<String> bindAddrs = new LinkedHashSet<>();
    private final Map<String, TreeSet<String>> entries = new LinkedHashMap<>();
    private final List<NoNodeAccess> noNodeAccess = new java.util.ArrayList<>();

    DesiredState() {
        for (KubeIpsets.Info i : KubeIpsets.ALL) entries.put(i.name(), new TreeSet<>());
    }

    /** syncService + syncEndpoint: a later sync of the same key replaces the real servers in place. */
    void add(VirtualServer vs) {
        servers.put(vs.spec().key(), vs);
        if (vs.bind()) bindAddrs.add(io.kdp.packet.Ip4.format(vs.spec().address()));
    }

    void entry(String set, String entry) {
        entries.get(set).add(entry);
    }

    void noNodeAccess(NoNodeAccess n) {
        noNodeAccess.add(n);
    }

    /** Called once the loop is done: KUBE-IPVS-IPS holds exactly the bound addresses. */
    void finish() {
        entries.get(KubeIpsets.IPVS_IPS).addAll(bindAddrs);
    }

    Map<ServiceKey, VirtualServer> servers() {
        return Collections.unmodifiableMap(servers);
    }

    Set<String> bindAddrs() {
        return Collections.unmodifiableSet(bindAddrs);
    }

    /** A set's active entries, sorted as sets.String.List() sorts them. */
    Set<String> entries(String set) {
        return Collections.unmodifiableSet(entries.get(set));
    }

    boolean empty(String set) {
        return entries.get(set).isEmpty();
    }

    List<NoNodeAccess> noNodeAccess() {
        return Collections.unmodifiableList(noNodeAccess);
    }

    /** How many real servers all virtual servers hold. */
    int realServers() {
        int n = 0;
        for (VirtualServer vs : servers.values()) n += vs.dests().size();
        return n;
    }
}
