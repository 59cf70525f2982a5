package io.kdp.cni.cilium;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;
import io.kdp.packet.MacAddress;

/**
 * A local endpoint as {@code cilium_lxc} holds it (struct endpoint_info): the host-side device's
 * ifindex, the endpoint id (its policy program's and policy map's number), the pod's MAC and the
 * host side's MAC ("node MAC", the source of frames delivered to the pod), plus, for kdp, the
 * endpoint's identity, device name and pod.
 */
public record EndpointInfo(int ifindex, int endpointId, MacAddress mac, MacAddress nodeMac, int identity, String device, String pod) {
    /** {@code id=1234  sec_id=257   flags=0x0000 ifindex=5   mac=... nodemac=...} as {@code cilium bpf endpoint list} prints it. */
    @Override
    public String toString() {
        return String.format("id=%-5d sec_id=%-5d flags=0x%04X ifindex=%-3d mac=%s nodemac=%s", endpointId, identity, 0, ifindex,
                mac.toString().toUpperCase(), nodeMac.toString().toUpperCase());
    }

    static final BpfCodec<EndpointInfo> CODEC = new BpfCodec<>() {
        public int size() { return 48; }
        public void write(EndpointInfo e, byte[] out, int off) {
            Bytes.le32(out, off, e.ifindex());
            Bytes.le16(out, off + 4, 0);
            Bytes.le16(out, off + 6, e.endpointId());
            long m = e.mac().value();
            for (int i = 0; i < 6; i++) out[off + 16 + i] = (byte) (m >>> (40 - 8 * i));
            long n = e.nodeMac().value();
            for (int i = 0; i < 6; i++) out[off + 24 + i] = (byte) (n >>> (40 - 8 * i));
            Bytes.le32(out, off + 32, e.identity());
        }
    };
}
