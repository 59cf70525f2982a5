package io.kdp.cni.cilium;

import io.kdp.linux.bpf.BpfMap;
import io.kdp.linux.bpf.BpfMapType;
import java.util.Map;

/**
 * {@code cilium_ipcache}: every address the node knows with its security identity and, in tunnel
 * mode, the node it lives behind. An LPM trie in Cilium; kdp keeps the entries in a hash map and
 * looks up the longest prefix by probing from /32 down ({@code lookup_ip4_remote_endpoint}).
 */
public final class Ipcache {
    /** Cilium's name for the map. */
    public static final String NAME = "cilium_ipcache";
    private final BpfMap<IpcacheKey, RemoteEndpointInfo> map = BpfMap.create(NAME, BpfMapType.HASH, IpcacheKey.CODEC, RemoteEndpointInfo.CODEC, 512000);

    /** The backing map (for dumps). */
    public BpfMap<IpcacheKey, RemoteEndpointInfo> map() {
        return map;
    }

    public void upsert(IpcacheKey key, RemoteEndpointInfo info) {
        map.update(key, info);
    }

    /** The longest-prefix entry covering {@code address}, or null. */
    public Map.Entry<IpcacheKey, RemoteEndpointInfo> lookup(int address) {
        for (int len = 32; len >= 0; len--) {
            IpcacheKey k = new IpcacheKey(address, len);
            RemoteEndpointInfo v = map.lookup(k);
            if (v != null) return Map.entry(k, v);
        }
        return null;
    }
}
