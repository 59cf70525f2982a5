package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;

/** struct lb_affinity_val, the value of cilium_lb4_affinity: the chosen backend and when it was last used (bpf_mono_now, seconds). */
public record LbAffinityVal(long lastUsed, int backendId) {
    /** Layout (packed): __u64 last_used, __u32 backend_id, __u32 pad. */
    public static final BpfCodec<LbAffinityVal> CODEC = new BpfCodec<>() {
        public int size() { return 16; }
        public void write(LbAffinityVal v, byte[] b, int o) {
            Bytes.le64(b, o, v.lastUsed);
            Bytes.le32(b, o + 8, v.backendId);
        }
    };
}
