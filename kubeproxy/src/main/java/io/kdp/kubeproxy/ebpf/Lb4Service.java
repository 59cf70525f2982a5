package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;

/**
 * struct lb4_service, the value of cilium_lb4_services_v2. In the frontend entry (slot 0),
 * {@code backendId} holds the union's {@code affinity_timeout} (seconds) and {@code count} the
 * number of backend slots; in a backend slot entry it holds the backend's id in
 * cilium_lb4_backends_v3. Both carry the frontend's reverse-NAT index and flags.
 */
public record Lb4Service(int backendId, int count, int revNatIndex, int flags, int flags2) {
    /** Layout: __u32 backend_id/affinity_timeout, __u16 count, __u16 rev_nat_index, __u8 flags, __u8 flags2, __u8 pad[2]. */
    public static final BpfCodec<Lb4Service> CODEC = new BpfCodec<>() {
        public int size() { return 12; }
        public void write(Lb4Service v, byte[] b, int o) {
            Bytes.le32(b, o, v.backendId);
            Bytes.le16(b, o + 4, v.count);
            Bytes.le16(b, o + 6, v.revNatIndex);
            b[o + 8] = (byte) v.flags;
            b[o + 9] = (byte) v.flags2;
        }
    };

    /** The session affinity timeout of a frontend entry. */
    public int affinityTimeout() {
        return backendId;
    }
}
