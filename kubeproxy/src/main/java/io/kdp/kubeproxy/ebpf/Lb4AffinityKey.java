package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;
import io.kdp.packet.Ip4;

/**
 * struct lb4_affinity_key, the key of cilium_lb4_affinity: the client (its address, or for the
 * socket load balancer its network namespace cookie, then {@code netnsCookie} is set) and the
 * frontend's rev-NAT index.
 */
public record Lb4AffinityKey(long clientId, int revNatId, boolean netnsCookie) {
    /** Layout (packed): union {__u32 client_ip; __u64 client_cookie}, __u16 rev_nat_id, __u8 netns_cookie:1, __u8 pad1, __u32 pad2. */
    public static final BpfCodec<Lb4AffinityKey> CODEC = new BpfCodec<>() {
        public int size() { return 16; }
        public void write(Lb4AffinityKey k, byte[] b, int o) {
            if (k.netnsCookie) Bytes.le64(b, o, k.clientId);
            else Bytes.be32(b, o, (int) k.clientId);
            Bytes.le16(b, o + 8, k.revNatId);
            b[o + 10] = (byte) (k.netnsCookie ? 1 : 0);
        }
    };

    @Override
    public String toString() {
        return (netnsCookie ? "netns " + clientId : Ip4.format((int) clientId)) + " rev-nat " + revNatId;
    }
}
