package io.kdp.kubeproxy.ebpf;

import io.kdp.k8s.model.Protocol;
import io.kdp.kubeproxy.EndpointCategories;
import io.kdp.kubeproxy.EndpointInfo;
import io.kdp.kubeproxy.Proxier;
import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.kubeproxy.ServicePortInfo;
import io.kdp.kubeproxy.Topology;
import io.kdp.linux.LoopbackDevice;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.bpf.BpfMap;
import io.kdp.linux.bpf.Cgroup;
import io.kdp.linux.bpf.TcDirection;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Proxy mode {@code ebpf}: the service load balancer of Cilium's kube-proxy replacement. The agent
 * side fills one node's maps ({@link LbMaps}) from kube-proxy's view of Services and endpoints,
 * incrementally (ids stay stable, only changed entries are written); the datapath side attaches
 * {@link SockLb} to the node's root cgroup and {@link TcLb} to its devices. No iptables rule is
 * written.
 *
 * <p>Frontends per service port, each with its own rev-NAT index (Cilium's service id): the
 * ClusterIP ({@code ClusterIP, non-routable}), each external IP ({@code ExternalIPs}), for a
 * NodePort one per node address ({@code NodePort}) plus the surrogate {@code 0.0.0.0:nodePort}
 * ({@code NodePort, non-routable}) that connect() on any host address uses, and each load-balancer
 * IP ({@code LoadBalancer}). Backends are the endpoints kube-proxy's topology rules choose (local
 * ones only for externalTrafficPolicy Local on external frontends, for internalTrafficPolicy Local
 * on the ClusterIP), sorted active first, then by address and port. Ids are allocated from 1 and
 * released when unused. Simplifications: terminating backends are counted like active ones (Cilium
 * keeps them after the active slots), the two-scope entries of internalTrafficPolicy and source
 * ranges are not written.
 */
public final class EbpfProxier implements Proxier {
    private final ProxierConfig config;
    private final EbpfConfig ebpf;
    private final LbMaps maps;
    private final CiliumMaglev maglev;
    private final Lb4 lb;
    private final Map<Lb4Key, Integer> serviceIds = new HashMap<>();
    private final Map<Lb4Backend, Integer> backendIds = new HashMap<>();
    private final Map<List<String>, int[]> maglevCache = new HashMap<>();
    private final Set<String> attachedDevices = new HashSet<>();
    private int nextServiceId = 1;
    private int nextBackendId = 1;
    private boolean needFullSync = true;
    private Desired synced = Desired.empty();
    private EbpfSyncResult last;
    private SockLb sockLb;
    private TcLb tcLb;

    public EbpfProxier(ProxierConfig config) {
        this(config, EbpfConfig.defaults());
    }

    public EbpfProxier(ProxierConfig config, EbpfConfig ebpf) {
        this(config, ebpf, LbMaps.LB_MAP_MAX);
    }

    /** A proxier whose load-balancing maps hold {@code lbMapMax} entries ({@code --bpf-lb-map-max}). */
    public EbpfProxier(ProxierConfig config, EbpfConfig ebpf, int lbMapMax) {
        this.config = Objects.requireNonNull(config, "config");
        this.ebpf = Objects.requireNonNull(ebpf, "ebpf");
        this.maglev = new CiliumMaglev(ebpf.maglevHashSeed(), ebpf.maglevTableSize());
        this.maps = new LbMaps(ebpf.maglevTableSize(), lbMapMax);
        this.lb = new Lb4(maps, ebpf, maglev);
    }

    @Override
    public String mode() {
        return "ebpf";
    }

    public ProxierConfig config() { return config; }
    public EbpfConfig ebpfConfig() { return ebpf; }
    /** This node's maps. */
    public LbMaps maps() { return maps; }
    /** The last sync's result, or null. */
    public EbpfSyncResult lastResult() { return last; }

    /** {@code cilium bpf lb list} of this node. */
    public String lbList() {
        return LbList.render(maps);
    }

    @Override
    public void requestFullSync() {
        needFullSync = true;
    }

    /** The entries every map should hold. */
    record Desired(Map<Lb4Key, Lb4Service> services, Map<Integer, Lb4Backend> backends, Map<Integer, Lb4ReverseNat> revNat,
                   Map<Integer, int[]> maglev, Set<LbAffinityMatch> affinityMatch, Set<Integer> localEndpoints) {
        static Desired empty() {
            return new Desired(Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), Set.of());
        }
    }

    @Override
    public EbpfSyncResult sync(ProxyState state) {
        boolean full = needFullSync;
        Desired next = build(state);
        List<String> ops = diff(full ? Desired.empty() : synced, next);
        synced = next;
        needFullSync = false;
        last = new EbpfSyncResult(full, ops);
        return last;
    }

    @Override
    public EbpfSyncResult apply(NetNamespace node, ProxyState state) {
        EbpfSyncResult r = sync(state);
        apply(node);
        return r;
    }

    @Override
    public void apply(NetNamespace node) {
        if (last == null) throw new IllegalStateException("kube-proxy (ebpf) on " + node.name() + ": nothing synced yet");
        reconcile(maps.backends(), synced.backends(), Objects::equals);
        reconcile(maps.services(), synced.services(), Objects::equals);
        reconcile(maps.revNat(), synced.revNat(), Objects::equals);
        reconcile(maps.maglev(), synced.maglev(), Arrays::equals);
        Map<LbAffinityMatch, Integer> match = new LinkedHashMap<>();
        synced.affinityMatch().forEach(m -> match.put(m, 0));
        reconcile(maps.affinityMatch(), match, Objects::equals);
        maps.localEndpoints(synced.localEndpoints());
        attach(node);
    }

    @Override
    public Map<String, String> sysctls() {
        return Map.of();
    }

    private interface Same<V> {
        boolean test(V a, V b);
    }

    private static <K, V> void reconcile(BpfMap<K, V> map, Map<K, V> want, Same<V> same) {
        for (Map.Entry<K, V> e : want.entrySet()) {
            V have = map.contains(e.getKey()) ? map.lookup(e.getKey()) : null;
            if (have == null || !same.test(have, e.getValue())) map.update(e.getKey(), e.getValue());
        }
        for (K k : new ArrayList<>(map.entries().keySet())) if (!want.containsKey(k)) map.delete(k);
    }

    /** Attaches the programs: socket LB on the node's root cgroup, tc on the uplink and on pod interfaces not seen before. */
    private void attach(NetNamespace node) {
        int nodeIp = config.primaryNodeIP() == null ? 0 : Ip4.parse(config.primaryNodeIP());
        if (sockLb == null) {
            if (node.cgroup() == null) node.cgroup(Cgroup.root(node));
            sockLb = new SockLb(lb, node);
            tcLb = new TcLb(lb, nodeIp);
            if (ebpf.socketLb()) sockLb.attach(node.cgroup().root());
        }
        Set<Integer> nodeIps = new HashSet<>();
        for (String ip : config.nodeIPs()) nodeIps.add(Ip4.parse(ip));
        for (NetDevice dev : node.devices()) {
            if (dev instanceof LoopbackDevice || attachedDevices.contains(dev.name())) continue;
            boolean uplink = dev.addresses().stream().map(Cidr::address).anyMatch(nodeIps::contains);
            if (uplink) {
                node.clsact().attach(dev, TcDirection.INGRESS, tcLb.fromNetdev());
            } else if ("veth".equals(dev.kind())) {
                node.clsact().attach(dev, TcDirection.INGRESS, tcLb.fromContainer());
            } else {
                continue;
            }
            attachedDevices.add(dev.name());
        }
    }

    private Desired build(ProxyState state) {
        Map<Lb4Key, Lb4Service> services = new LinkedHashMap<>();
        Map<Integer, Lb4Backend> backends = new TreeMap<>();
        Map<Integer, Lb4ReverseNat> revNat = new TreeMap<>();
        Map<Integer, int[]> tables = new TreeMap<>();
        Set<LbAffinityMatch> match = new LinkedHashSet<>();
        Set<Integer> local = new HashSet<>();
        Set<Lb4Key> usedFrontends = new HashSet<>();
        Set<Lb4Backend> usedBackends = new HashSet<>();
        Map<List<String>, int[]> usedTables = new HashMap<>();
        for (ServicePortInfo svc : state.servicePorts()) {
            int proto = proto(svc.name().protocol());
            List<EndpointInfo> eps = state.endpoints(svc.name());
            for (EndpointInfo ep : eps) if (ep.local()) local.add(Ip4.parse(ep.ip()));
            EndpointCategories cats = Topology.categorize(eps, svc);
            List<EndpointInfo> internal = svc.internalPolicyLocal() ? cats.local() : cats.cluster();
            List<EndpointInfo> external = svc.externalPolicyLocal() ? cats.local() : cats.cluster();
            int aff = svc.sessionAffinityClientIP() ? ServiceFlags.AFFINITY : 0;
            int localScope = svc.externalPolicyLocal() ? ServiceFlags.LOCAL_SCOPE : 0;
            Frontends f = new Frontends(svc, proto, services, backends, revNat, tables, match, usedFrontends, usedBackends, usedTables);
            f.add(Ip4.parse(svc.clusterIP()), svc.port(), aff, internal);
            for (String ip : svc.externalIPs()) f.add(Ip4.parse(ip), svc.port(), ServiceFlags.EXTERNAL_IP | ServiceFlags.ROUTABLE | localScope | aff, external);
            if (svc.nodePort() != 0) {
                for (String ip : config.nodeIPs()) f.add(Ip4.parse(ip), svc.nodePort(), ServiceFlags.NODEPORT | ServiceFlags.ROUTABLE | localScope | aff, external);
                f.add(0, svc.nodePort(), ServiceFlags.NODEPORT | localScope | aff, external);
            }
            for (String ip : svc.loadBalancerVIPs()) f.add(Ip4.parse(ip), svc.port(), ServiceFlags.LOADBALANCER | ServiceFlags.ROUTABLE | localScope | aff, external);
        }
        serviceIds.keySet().retainAll(usedFrontends);
        backendIds.keySet().retainAll(usedBackends);
        maglevCache.keySet().retainAll(usedTables.keySet());
        return new Desired(services, backends, revNat, tables, match, local);
    }

    /** Writes the entries of one service port's frontends. */
    private final class Frontends {
        final ServicePortInfo svc;
        final int proto;
        final Map<Lb4Key, Lb4Service> services;
        final Map<Integer, Lb4Backend> backends;
        final Map<Integer, Lb4ReverseNat> revNat;
        final Map<Integer, int[]> tables;
        final Set<LbAffinityMatch> match;
        final Set<Lb4Key> usedFrontends;
        final Set<Lb4Backend> usedBackends;
        final Map<List<String>, int[]> usedTables;

        Frontends(ServicePortInfo svc, int proto, Map<Lb4Key, Lb4Service> services, Map<Integer, Lb4Backend> backends,
                  Map<Integer, Lb4ReverseNat> revNat, Map<Integer, int[]> tables, Set<LbAffinityMatch> match, Set<Lb4Key> usedFrontends,
                  Set<Lb4Backend> usedBackends, Map<List<String>, int[]> usedTables) {
            this.svc = svc;
            this.proto = proto;
            this.services = services;
            this.backends = backends;
            this.revNat = revNat;
            this.tables = tables;
            this.match = match;
            this.usedFrontends = usedFrontends;
            this.usedBackends = usedBackends;
            this.usedTables = usedTables;
        }

        void add(int ip, int port, int flags, List<EndpointInfo> eps) {
            Lb4Key fe = new Lb4Key(ip, port, 0, proto, Lb4Key.SCOPE_EXT);
            if (!usedFrontends.add(fe)) return; // the same address twice (a misconfiguration): the first wins
            int id = serviceIds.computeIfAbsent(fe, k -> nextServiceId++);
            List<Lb4Backend> bes = new ArrayList<>();
            for (EndpointInfo ep : eps) {
                bes.add(new Lb4Backend(Ip4.parse(ep.ip()), ep.port(), proto, ep.terminating() ? Lb4Backend.STATE_TERMINATING : Lb4Backend.STATE_ACTIVE, 0));
            }
            bes.sort(Comparator.comparingInt(Lb4Backend::flags).thenComparingLong(b -> Integer.toUnsignedLong(b.address())).thenComparingInt(Lb4Backend::port));
            Map<String, Integer> byName = new TreeMap<>();
            int slot = 1;
            for (Lb4Backend b : bes) {
                Lb4Backend idKey = new Lb4Backend(b.address(), b.port(), b.proto(), 0, 0);
                int beId = backendIds.computeIfAbsent(idKey, k -> nextBackendId++);
                usedBackends.add(idKey);
                backends.put(beId, b);
                services.put(fe.slot(slot++), new Lb4Service(beId, 0, id, flags, 0));
                byName.put(b.addressPort() + "/" + L4Proto.name(proto), beId);
                if ((flags & ServiceFlags.AFFINITY) != 0) match.add(new LbAffinityMatch(beId, id));
            }
            int timeout = (flags & ServiceFlags.AFFINITY) != 0 ? svc.stickyMaxAgeSeconds() : 0;
            services.put(fe, new Lb4Service(timeout, bes.size(), id, flags, 0));
            revNat.put(id, new Lb4ReverseNat(ip, port));
            if (ebpf.maglev()) {
                List<String> cacheKey = new ArrayList<>();
                byName.forEach((n, beId) -> cacheKey.add(n + "=" + beId));
                Function<List<String>, int[]> compute = k -> maglev.lookupTable(byName);
                int[] table = maglevCache.computeIfAbsent(cacheKey, compute);
                usedTables.put(cacheKey, table);
                tables.put(id, table);
            }
        }
    }

    private static int proto(Protocol p) {
        return switch (p) {
            case TCP -> IpProtocol.TCP;
            case UDP -> IpProtocol.UDP;
            case SCTP -> IpProtocol.SCTP;
        };
    }

    /** The map operations that turn {@code before} into {@code after}, in the agent's order. */
    private List<String> diff(Desired before, Desired after) {
        List<String> ops = new ArrayList<>();
        after.backends().forEach((id, b) -> {
            if (!b.equals(before.backends().get(id))) {
                ops.add("update " + maps.backends().name() + " " + id + " => " + L4Proto.name(b.proto()) + "://" + b.addressPort()
                        + (b.flags() == Lb4Backend.STATE_ACTIVE ? " active" : " terminating"));
            }
        });
        // backend slots before their frontend entry, so the datapath never sees a count without its slots
        List<Map.Entry<Lb4Key, Lb4Service>> entries = new ArrayList<>(after.services().entrySet());
        entries.sort(Comparator.comparingInt((Map.Entry<Lb4Key, Lb4Service> e) -> e.getValue().revNatIndex())
                .thenComparingInt(e -> e.getKey().backendSlot() == 0 ? Integer.MAX_VALUE : e.getKey().backendSlot()));
        for (Map.Entry<Lb4Key, Lb4Service> e : entries) {
            if (e.getValue().equals(before.services().get(e.getKey()))) continue;
            Lb4Key k = e.getKey();
            Lb4Service v = e.getValue();
            ops.add("update " + maps.services().name() + " " + k + " slot " + k.backendSlot() + " => "
                    + (k.backendSlot() == 0 ? "count " + v.count() + ", rev-nat " + v.revNatIndex() + " [" + ServiceFlags.describe(v.flags()) + "]"
                    + (v.affinityTimeout() != 0 ? ", affinity timeout " + v.affinityTimeout() + "s" : "")
                    : "backend id " + v.backendId()));
        }
        after.revNat().forEach((id, rn) -> {
            if (!rn.equals(before.revNat().get(id))) ops.add("update " + maps.revNat().name() + " " + id + " => " + rn);
        });
        after.maglev().forEach((id, t) -> {
            if (!Arrays.equals(t, before.maglev().get(id))) ops.add("update " + maps.maglev().name() + " " + id + " => " + t.length + " entries");
        });
        for (LbAffinityMatch m : after.affinityMatch()) {
            if (!before.affinityMatch().contains(m)) ops.add("update " + maps.affinityMatch().name() + " backend id " + m.backendId() + ", rev-nat " + m.revNatId());
        }
        before.services().keySet().stream().filter(k -> !after.services().containsKey(k))
                .forEach(k -> ops.add("delete " + maps.services().name() + " " + k + " slot " + k.backendSlot()));
        before.revNat().keySet().stream().filter(k -> !after.revNat().containsKey(k)).forEach(k -> ops.add("delete " + maps.revNat().name() + " " + k));
        before.maglev().keySet().stream().filter(k -> !after.maglev().containsKey(k)).forEach(k -> ops.add("delete " + maps.maglev().name() + " " + k));
        before.affinityMatch().stream().filter(m -> !after.affinityMatch().contains(m))
                .forEach(m -> ops.add("delete " + maps.affinityMatch().name() + " backend id " + m.backendId() + ", rev-nat " + m.revNatId()));
        before.backends().keySet().stream().filter(k -> !after.backends().containsKey(k)).forEach(k -> ops.add("delete " + maps.backends().name() + " " + k));
        return ops;
    }
}
