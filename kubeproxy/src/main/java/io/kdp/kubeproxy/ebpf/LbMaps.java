package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.BpfMap;
import io.kdp.linux.bpf.BpfMapType;
import io.kdp.packet.IpProtocol;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The BPF maps one node's Cilium agent pins for service load balancing and its own connection
 * tracking, with Cilium's names and default sizes. The datapath ({@link Lb4}, {@link SockLb},
 * {@link TcLb}) and the agent ({@link EbpfProxier}) share them.
 */
public final class LbMaps {
    /** CILIUM_LB_MAP_MAX_ENTRIES (--bpf-lb-map-max). */
    public static final int LB_MAP_MAX = 65536;

    private final BpfMap<Lb4Key, Lb4Service> services;
    private final BpfMap<Integer, Lb4Backend> backends;
    private final BpfMap<Integer, Lb4ReverseNat> revNat;
    private final BpfMap<Integer, int[]> maglev;
    private final BpfMap<Lb4AffinityKey, LbAffinityVal> affinity;
    private final BpfMap<LbAffinityMatch, Integer> affinityMatch;
    private final BpfMap<SockRevNat4Key, SockRevNat4Value> reverseSk;
    private final BpfMap<CtKey4, CtEntry> ct4;
    private final BpfMap<CtKey4, CtEntry> ctAny4;
    private final BpfMap<CtKey4, NatEntry4> snat;
    /** The addresses of this node's pods: what Cilium's endpoint map (cilium_lxc) tells the datapath. */
    private final Set<Integer> localEndpoints = new HashSet<>();

    public LbMaps(int maglevTableSize) {
        this(maglevTableSize, LB_MAP_MAX);
    }

    /**
     * The maps with the service, backend, rev-NAT, Maglev and affinity maps sized {@code lbMapMax}
     * ({@code --bpf-lb-map-max}, which large clusters raise: one service-map entry per frontend and
     * one per backend slot).
     */
    public LbMaps(int maglevTableSize, int lbMapMax) {
        services = BpfMap.create("cilium_lb4_services_v2", BpfMapType.HASH, Lb4Key.CODEC, Lb4Service.CODEC, lbMapMax);
        backends = BpfMap.create("cilium_lb4_backends_v3", BpfMapType.HASH, BpfCodec.U32, Lb4Backend.CODEC, lbMapMax);
        revNat = BpfMap.create("cilium_lb4_reverse_nat", BpfMapType.HASH, BpfCodec.U16, Lb4ReverseNat.CODEC, lbMapMax);
        maglev = BpfMap.create("cilium_lb4_maglev", BpfMapType.HASH_OF_MAPS, BpfCodec.U16, BpfCodec.u32Array(maglevTableSize), lbMapMax);
        affinity = BpfMap.create("cilium_lb4_affinity", BpfMapType.LRU_HASH, Lb4AffinityKey.CODEC, LbAffinityVal.CODEC, lbMapMax);
        affinityMatch = BpfMap.create("cilium_lb_affinity_match", BpfMapType.HASH, LbAffinityMatch.CODEC, BpfCodec.U8, lbMapMax);
        reverseSk = BpfMap.create("cilium_lb4_reverse_sk", BpfMapType.LRU_HASH, SockRevNat4Key.CODEC, SockRevNat4Value.CODEC, 256 * 1024);
        ct4 = BpfMap.create("cilium_ct4_global", BpfMapType.LRU_HASH, CtKey4.CODEC, CtEntry.CODEC, 512 * 1024);
        ctAny4 = BpfMap.create("cilium_ct_any4_global", BpfMapType.LRU_HASH, CtKey4.CODEC, CtEntry.CODEC, 256 * 1024);
        snat = BpfMap.create("cilium_snat_v4_external", BpfMapType.LRU_HASH, CtKey4.CODEC, NatEntry4.CODEC, 512 * 1024);
    }

    public BpfMap<Lb4Key, Lb4Service> services() { return services; }
    public BpfMap<Integer, Lb4Backend> backends() { return backends; }
    public BpfMap<Integer, Lb4ReverseNat> revNat() { return revNat; }
    public BpfMap<Integer, int[]> maglev() { return maglev; }
    public BpfMap<Lb4AffinityKey, LbAffinityVal> affinity() { return affinity; }
    public BpfMap<LbAffinityMatch, Integer> affinityMatch() { return affinityMatch; }
    public BpfMap<SockRevNat4Key, SockRevNat4Value> reverseSk() { return reverseSk; }
    public BpfMap<CtKey4, NatEntry4> snat() { return snat; }

    /** The conntrack map for a protocol: cilium_ct4_global for TCP, cilium_ct_any4_global for the rest. */
    public BpfMap<CtKey4, CtEntry> ct(int proto) {
        return proto == IpProtocol.TCP ? ct4 : ctAny4;
    }

    /** Whether {@code ip} is one of this node's endpoints. */
    public boolean isLocalEndpoint(int ip) {
        return localEndpoints.contains(ip);
    }

    void localEndpoints(Set<Integer> ips) {
        localEndpoints.clear();
        localEndpoints.addAll(ips);
    }

    /** Every map, in the order {@code bpftool map show} would list them as Cilium creates them. */
    public List<BpfMap<?, ?>> all() {
        return List.of(services, backends, revNat, maglev, affinity, affinityMatch, reverseSk, ct4, ctAny4, snat);
    }
}
