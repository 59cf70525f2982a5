package io.kdp.cni.cilium;

import io.kdp.linux.bpf.BpfMap;
import io.kdp.linux.bpf.BpfMapType;
import java.util.Map;

/**
 * One endpoint's {@code cilium_policy_<id>} map, and the lookup of bpf/lib/policy.h
 * ({@code __policy_can_access}): the entry for the peer's identity that covers the packet's
 * protocol and port, the most specific port match first, then the same for the wildcard identity
 * 0 (rules without peers), then an identity's any-port entry, then the allow-all entry. No
 * entry means the packet is dropped as "Policy denied" (DROP_POLICY).
 */
public final class PolicyMap {
    private final int endpointId;
    private final BpfMap<PolicyKey, PolicyEntry> map;

    public PolicyMap(int endpointId) {
        this.endpointId = endpointId;
        this.map = BpfMap.create(name(endpointId), BpfMapType.HASH, PolicyKey.CODEC, PolicyEntry.CODEC, 16384);
    }

    /** {@code cilium_policy_00977}: the name Cilium pins an endpoint's map under (bpf.LocalMapName: the id in five digits). */
    public static String name(int endpointId) {
        return String.format("cilium_policy_%05d", endpointId);
    }

    public int endpointId() {
        return endpointId;
    }

    public BpfMap<PolicyKey, PolicyEntry> map() {
        return map;
    }

    public void allow(PolicyKey key) {
        if (!map.contains(key)) map.update(key, PolicyEntry.ALLOW);
    }

    /** The entry that decides a packet from/to {@code identity}, or null (denied). */
    public Map.Entry<PolicyKey, PolicyEntry> lookup(int identity, boolean egress, int proto, int dport) {
        Map.Entry<PolicyKey, PolicyEntry> e = l4(identity, egress, proto, dport);
        if (e == null) e = l4(0, egress, proto, dport);
        if (e == null) e = exact(PolicyKey.any(identity, egress));
        if (e == null) e = exact(PolicyKey.any(0, egress));
        return e;
    }

    private Map.Entry<PolicyKey, PolicyEntry> l4(int identity, boolean egress, int proto, int dport) {
        if (proto == 0) return null;
        for (int prefix = 16; prefix >= 0; prefix--) {
            Map.Entry<PolicyKey, PolicyEntry> e = exact(new PolicyKey(identity, egress, proto, dport, prefix));
            if (e != null) return e;
        }
        return null;
    }

    private Map.Entry<PolicyKey, PolicyEntry> exact(PolicyKey k) {
        PolicyEntry v = map.lookup(k);
        return v == null ? null : Map.entry(k, v);
    }
}
