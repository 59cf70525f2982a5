package io.kdp.cni.cilium;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;
import io.kdp.packet.Ip4;

/**
 * A value of {@code cilium_ipcache} (struct remote_endpoint_info): the security identity of the
 * addresses under the key and, for pods on other nodes in tunnel mode, the node to tunnel to.
 */
public record RemoteEndpointInfo(int identity, int tunnelEndpoint, int encryptKey) {
    /** {@code identity=257 encryptkey=0 tunnelendpoint=192.168.49.3}, as {@code cilium bpf ipcache list} prints it. */
    @Override
    public String toString() {
        return "identity=" + identity + " encryptkey=" + encryptKey + " tunnelendpoint=" + Ip4.format(tunnelEndpoint)
                + " flags=" + (tunnelEndpoint != 0 ? "hastunnel" : "<none>");
    }

    static final BpfCodec<RemoteEndpointInfo> CODEC = new BpfCodec<>() {
        public int size() { return 12; }
        public void write(RemoteEndpointInfo v, byte[] out, int off) {
            Bytes.le32(out, off, v.identity());
            Bytes.be32(out, off + 4, v.tunnelEndpoint());
            out[off + 10] = (byte) v.encryptKey();
            out[off + 11] = (byte) (v.tunnelEndpoint() != 0 ? 2 : 0); // flag_has_tunnel_ep
        }
    };
}
