package io.kdp.cni.cilium;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;

/**
 * A key of {@code cilium_ipcache} (struct ipcache_key, an LPM trie key): the prefix length counted
 * over cluster_id, pad and family (32 static bits) plus the address bits, cluster id 0, family
 * ENDPOINT_KEY_IPV4 (1), and the address in a 16-byte union.
 */
public record IpcacheKey(int address, int prefixLen) {
    /** Bits of cluster_id, pad1 and family before the address (the LPM trie's static prefix). */
    static final int STATIC_PREFIX_BITS = 32;

    public IpcacheKey {
        if (prefixLen < 0 || prefixLen > 32) throw new IllegalArgumentException("prefix length " + prefixLen);
        address = prefixLen == 0 ? 0 : address & (-1 << (32 - prefixLen));
    }

    public static IpcacheKey of(Cidr cidr) {
        return new IpcacheKey(cidr.address(), cidr.prefixLength());
    }

    public static IpcacheKey host(int address) {
        return new IpcacheKey(address, 32);
    }

    /** {@code 10.244.1.2/32}, as {@code cilium bpf ipcache list} prints the key. */
    @Override
    public String toString() {
        return Ip4.format(address) + "/" + prefixLen;
    }

    static final BpfCodec<IpcacheKey> CODEC = new BpfCodec<>() {
        public int size() { return 24; }
        public void write(IpcacheKey k, byte[] out, int off) {
            Bytes.le32(out, off, STATIC_PREFIX_BITS + k.prefixLen());
            out[off + 7] = 1; // family ENDPOINT_KEY_IPV4
            Bytes.be32(out, off + 8, k.address());
        }
    };
}
