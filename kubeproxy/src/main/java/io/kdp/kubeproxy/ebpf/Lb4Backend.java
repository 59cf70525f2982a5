package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;
import io.kdp.packet.Ip4;

/**
 * struct lb4_backend, the value of cilium_lb4_backends_v3 (keyed by a __u32 backend id): the
 * backend's address, port and protocol, its state in {@code flags} (BE_STATE_ACTIVE 0,
 * BE_STATE_TERMINATING 1, BE_STATE_QUARANTINED 2, BE_STATE_MAINTENANCE 3) and its cluster id.
 */
public record Lb4Backend(int address, int port, int proto, int flags, int clusterId) {
    public static final int STATE_ACTIVE = 0;
    public static final int STATE_TERMINATING = 1;

    /** Layout: __be32 address, __be16 port, __u8 proto, __u8 flags, __u16 cluster_id, __u8 pad[2]. */
    public static final BpfCodec<Lb4Backend> CODEC = new BpfCodec<>() {
        public int size() { return 12; }
        public void write(Lb4Backend v, byte[] b, int o) {
            Bytes.be32(b, o, v.address);
            Bytes.be16(b, o + 4, v.port);
            b[o + 6] = (byte) v.proto;
            b[o + 7] = (byte) v.flags;
            Bytes.le16(b, o + 8, v.clusterId);
        }
    };

    /** {@code 10.244.1.5:8080}. */
    public String addressPort() {
        return Ip4.format(address) + ":" + port;
    }
}
