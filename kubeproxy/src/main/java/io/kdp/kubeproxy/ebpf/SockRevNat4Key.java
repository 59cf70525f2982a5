package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;
import io.kdp.packet.Ip4;

/** struct ipv4_revnat_tuple, the key of cilium_lb4_reverse_sk: a socket (its cookie) and the backend it was connected to. */
public record SockRevNat4Key(long cookie, int address, int port) {
    /** Layout: __u64 cookie, __be32 address, __be16 port, __u16 pad. */
    public static final BpfCodec<SockRevNat4Key> CODEC = new BpfCodec<>() {
        public int size() { return 16; }
        public void write(SockRevNat4Key k, byte[] b, int o) {
            Bytes.le64(b, o, k.cookie);
            Bytes.be32(b, o + 8, k.address);
            Bytes.be16(b, o + 12, k.port);
        }
    };

    /** As SockRevNat4Key.String(): {@code [10.244.1.5]:8080, 12}. */
    @Override
    public String toString() {
        return "[" + Ip4.format(address) + "]:" + port + ", " + cookie;
    }
}
