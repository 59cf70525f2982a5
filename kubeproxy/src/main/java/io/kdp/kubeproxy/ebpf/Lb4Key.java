package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;
import io.kdp.packet.Ip4;

/**
 * struct lb4_key (bpf/lib/common.h), the key of cilium_lb4_services_v2: a frontend address, port
 * and protocol, and the backend slot (0 is the frontend entry itself, 1..count its backends); scope
 * selects the internal-traffic entry of a service with two scopes.
 */
public record Lb4Key(int address, int dport, int backendSlot, int proto, int scope) {
    /** LB_LOOKUP_SCOPE_EXT. */
    public static final int SCOPE_EXT = 0;
    /** LB_LOOKUP_SCOPE_INT. */
    public static final int SCOPE_INT = 1;

    /** Layout: __be32 address, __be16 dport, __u16 backend_slot, __u8 proto, __u8 scope, __u8 pad[2]. */
    public static final BpfCodec<Lb4Key> CODEC = new BpfCodec<>() {
        public int size() { return 12; }
        public void write(Lb4Key k, byte[] b, int o) {
            Bytes.be32(b, o, k.address);
            Bytes.be16(b, o + 4, k.dport);
            Bytes.le16(b, o + 6, k.backendSlot);
            b[o + 8] = (byte) k.proto;
            b[o + 9] = (byte) k.scope;
        }
    };

    /** The same frontend at another slot. */
    public Lb4Key slot(int slot) {
        return new Lb4Key(address, dport, slot, proto, scope);
    }

    /** As Cilium's Service4Key.String(): {@code 10.96.0.10:80/TCP}, with {@code /i} for the internal scope. */
    @Override
    public String toString() {
        return Ip4.format(address) + ":" + dport + "/" + L4Proto.name(proto) + (scope == SCOPE_INT ? "/i" : "");
    }
}
