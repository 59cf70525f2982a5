package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;

/**
 * struct ct_entry, the value of Cilium's conntrack maps, reduced to what the load balancer uses:
 * packet counters, the expiry time ({@code lifetime}, bpf_mono_now seconds), the frontend's rev-NAT
 * index and, in service entries, the chosen backend (stored in the union with rx_packets, as Cilium
 * does). Cilium's TCP state tracking (flags seen, closing bits) is not modelled: an entry lives
 * for the established timeout from its last use.
 */
public record CtEntry(long rxPackets, long txPackets, int lifetime, int revNatIndex, int backendId) {
    /** Layout: __u64 rx_packets|backend_id, __u64 rx_bytes, __u64 tx_packets, __u64 tx_bytes, __u32 lifetime, __u16 flags, __u16 rev_nat_index, __u16 ifindex, __u8 tx_flags_seen, __u8 rx_flags_seen, __u32 src_sec_id, __u32 last_tx_report, __u32 last_rx_report. */
    public static final BpfCodec<CtEntry> CODEC = new BpfCodec<>() {
        public int size() { return 56; }
        public void write(CtEntry v, byte[] b, int o) {
            Bytes.le64(b, o, v.backendId != 0 ? v.backendId : v.rxPackets);
            Bytes.le64(b, o + 16, v.txPackets);
            Bytes.le32(b, o + 32, v.lifetime);
            Bytes.le16(b, o + 38, v.revNatIndex);
        }
    };

    /** One more packet in the original direction, alive until {@code lifetime}. */
    CtEntry sent(int newLifetime) {
        return new CtEntry(rxPackets, txPackets + 1, newLifetime, revNatIndex, backendId);
    }

    /** One more reply packet. */
    CtEntry replied(int newLifetime) {
        return new CtEntry(rxPackets + 1, txPackets, newLifetime, revNatIndex, backendId);
    }
}
