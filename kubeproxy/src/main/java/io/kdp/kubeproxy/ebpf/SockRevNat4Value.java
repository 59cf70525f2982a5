package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;
import io.kdp.packet.Ip4;

/** struct ipv4_revnat_entry, the value of cilium_lb4_reverse_sk: the service address the socket asked for. */
public record SockRevNat4Value(int address, int port, int revNatIndex) {
    /** Layout: __be32 address, __be16 port, __u16 rev_nat_index. */
    public static final BpfCodec<SockRevNat4Value> CODEC = new BpfCodec<>() {
        public int size() { return 8; }
        public void write(SockRevNat4Value v, byte[] b, int o) {
            Bytes.be32(b, o, v.address);
            Bytes.be16(b, o + 4, v.port);
            Bytes.le16(b, o + 6, v.revNatIndex);
        }
    };

    @Override
    public String toString() {
        return "[" + Ip4.format(address) + "]:" + port + ", " + revNatIndex;
    }
}
