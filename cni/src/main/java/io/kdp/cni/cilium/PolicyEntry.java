package io.kdp.cni.cilium;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;

/**
 * A value of a policy map (struct policy_entry): allow or deny, the L7 proxy port (0: none), and
 * the packet and byte counters (kdp does not count: they stay 0).
 */
public record PolicyEntry(boolean deny, int proxyPort, long packets, long bytes) {
    public static final PolicyEntry ALLOW = new PolicyEntry(false, 0, 0, 0);

    static final BpfCodec<PolicyEntry> CODEC = new BpfCodec<>() {
        public int size() { return 24; }
        public void write(PolicyEntry e, byte[] out, int off) {
            Bytes.be16(out, off, e.proxyPort());
            out[off + 2] = (byte) (e.deny() ? 1 : 0);
            Bytes.le64(out, off + 8, e.packets());
            Bytes.le64(out, off + 16, e.bytes());
        }
    };
}
