package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;

/**
 * struct lb_affinity_match, the key of cilium_lb_affinity_match: a backend that still belongs to a
 * frontend. An affinity entry is honoured only while its pair is present, so removing a backend
 * ends the stickiness to it.
 */
public record LbAffinityMatch(int backendId, int revNatId) {
    /** Layout (packed): __u32 backend_id, __u16 rev_nat_id, __u16 pad. */
    public static final BpfCodec<LbAffinityMatch> CODEC = new BpfCodec<>() {
        public int size() { return 8; }
        public void write(LbAffinityMatch v, byte[] b, int o) {
            Bytes.le32(b, o, v.backendId);
            Bytes.le16(b, o + 4, v.revNatId);
        }
    };
}
