package io.kdp.cni.cilium;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.BpfMap;
import io.kdp.linux.bpf.BpfMapType;
import io.kdp.linux.bpf.Bytes;
import io.kdp.packet.Ip4;

/**
 * {@code cilium_tunnel_map} (pkg/maps/tunnel): each other node's pod CIDR, keyed by its network
 * address ({@code daddr & IPV4_MASK}), to that node's address. The datapath falls back to it when
 * the ipcache entry of a destination carries no tunnel endpoint.
 */
public final class TunnelMap {
    /** Cilium's name for the map. */
    public static final String NAME = "cilium_tunnel_map";

    /** struct tunnel_key: the network address in a 16-byte union, family 1, cluster id 0. */
    public record Key(int network) {
        @Override
        public String toString() {
            return Ip4.format(network) + ":0";
        }
    }

    /** struct tunnel_value: the node's address and the IPsec key (0). */
    public record Value(int nodeIp) {
        @Override
        public String toString() {
            return Ip4.format(nodeIp) + ":0";
        }
    }

    private static final BpfCodec<Key> KEY = new BpfCodec<>() {
        public int size() { return 20; }
        public void write(Key k, byte[] out, int off) {
            Bytes.be32(out, off, k.network());
            out[off + 16] = 1; // family
        }
    };
    private static final BpfCodec<Value> VALUE = new BpfCodec<>() {
        public int size() { return 20; }
        public void write(Value v, byte[] out, int off) {
            Bytes.be32(out, off, v.nodeIp());
            out[off + 16] = 1;
        }
    };

    private final BpfMap<Key, Value> map = BpfMap.create(NAME, BpfMapType.HASH, KEY, VALUE, 65536);

    public BpfMap<Key, Value> map() {
        return map;
    }
}
