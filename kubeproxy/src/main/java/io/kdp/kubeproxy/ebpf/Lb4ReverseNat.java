package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;
import io.kdp.packet.Ip4;

/** struct lb4_reverse_nat, the value of cilium_lb4_reverse_nat (keyed by the __u16 rev-NAT index): the frontend a reply must seem to come from. */
public record Lb4ReverseNat(int address, int port) {
    /** Layout (packed): __be32 address, __be16 port. */
    public static final BpfCodec<Lb4ReverseNat> CODEC = new BpfCodec<>() {
        public int size() { return 6; }
        public void write(Lb4ReverseNat v, byte[] b, int o) {
            Bytes.be32(b, o, v.address);
            Bytes.be16(b, o + 4, v.port);
        }
    };

    /** As RevNat4Value.String(): {@code 10.96.0.10:80}. */
    @Override
    public String toString() {
        return Ip4.format(address) + ":" + port;
    }
}
