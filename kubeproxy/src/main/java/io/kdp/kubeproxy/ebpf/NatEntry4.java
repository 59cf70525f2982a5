package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;
import io.kdp.packet.Ip4;

/**
 * struct ipv4_nat_entry, the value of cilium_snat_v4_external (keyed by {@link CtKey4}): for an
 * outgoing tuple the address and port its source becomes; for the reply tuple the address and
 * port its destination goes back to.
 */
public record NatEntry4(long created, int toAddress, int toPort) {
    /** Layout: __u64 created, __u64 needs_ct, __be32 to_saddr|to_daddr, __be16 to_sport|to_dport, __u16 pad. */
    public static final BpfCodec<NatEntry4> CODEC = new BpfCodec<>() {
        public int size() { return 24; }
        public void write(NatEntry4 v, byte[] b, int o) {
            Bytes.le64(b, o, v.created);
            Bytes.be32(b, o + 16, v.toAddress);
            Bytes.be16(b, o + 20, v.toPort);
        }
    };

    @Override
    public String toString() {
        return Ip4.format(toAddress) + ":" + toPort;
    }
}
