package io.kdp.cni.cilium;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Security identities (pkg/identity): numbers standing for a set of labels, carried by every packet
 * (in the VNI across nodes) and used as the key of policy maps.
 *
 * <p>Reserved identities (pkg/identity/numericidentity.go) are fixed: 0 unknown, 1 host, 2 world,
 * 3 unmanaged, 4 health, 5 init, 6 remote-node, 7 kube-apiserver, 8 ingress. Each distinct label
 * set of pods (their labels with the {@code k8s:} source, plus the namespace, service account and
 * cluster labels) gets a cluster-wide identity from 256 ({@code MinimalAllocationIdentity}) up;
 * kdp hands them out in order of first use, where the CRD allocator picks a random free number.
 * CIDRs named by policies get node-local identities from 2^24 + 1 ({@code LocalIdentityFlag}).
 */
public final class Identities {
    public static final int UNKNOWN = 0, HOST = 1, WORLD = 2, UNMANAGED = 3, HEALTH = 4, INIT = 5, REMOTE_NODE = 6, KUBE_APISERVER = 7, INGRESS = 8;
    /** The first identity allocated to a label set. */
    public static final int MIN_ALLOCATED = 256;
    /** The first node-local (CIDR) identity. */
    public static final int MIN_LOCAL = (1 << 24) + 1;

    private static final Map<Integer, String> RESERVED = Map.of(UNKNOWN, "reserved:unknown", HOST, "reserved:host", WORLD, "reserved:world",
            UNMANAGED, "reserved:unmanaged", HEALTH, "reserved:health", INIT, "reserved:init", REMOTE_NODE, "reserved:remote-node",
            KUBE_APISERVER, "reserved:kube-apiserver", INGRESS, "reserved:ingress");

    private final Map<SortedSet<String>, Integer> byLabels = new LinkedHashMap<>();
    private final Map<Integer, SortedSet<String>> labels = new LinkedHashMap<>();
    private int next = MIN_ALLOCATED;
    private int nextLocal = MIN_LOCAL;

    /** The identity of {@code labelSet}, allocated on first use. */
    public int allocate(SortedSet<String> labelSet) {
        Integer id = byLabels.get(labelSet);
        if (id != null) return id;
        int n = next++;
        SortedSet<String> copy = new TreeSet<>(labelSet);
        byLabels.put(copy, n);
        labels.put(n, copy);
        return n;
    }

    /** The node-local identity of a CIDR ({@code cidr:10.0.0.0/8} plus {@code reserved:world}), allocated on first use. */
    public int allocateCidr(String cidr) {
        SortedSet<String> set = new TreeSet<>(List.of("cidr:" + cidr, "reserved:world"));
        Integer id = byLabels.get(set);
        if (id != null) return id;
        int n = nextLocal++;
        byLabels.put(set, n);
        labels.put(n, set);
        return n;
    }

    /** The labels of an identity, sorted ({@code reserved:...} for the reserved ones). */
    public List<String> labels(int identity) {
        String r = RESERVED.get(identity);
        if (r != null) return List.of(r);
        SortedSet<String> s = labels.get(identity);
        return s == null ? List.of("unknown identity " + identity) : new ArrayList<>(s);
    }

    /** Every allocated (non-reserved) identity with its labels, in allocation order. */
    public Map<Integer, List<String>> allocated() {
        Map<Integer, List<String>> out = new LinkedHashMap<>();
        labels.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }

    /** Whether {@code identity} is reserved (below 256). */
    public static boolean reserved(int identity) {
        return identity >= 0 && identity < MIN_ALLOCATED;
    }
}
