package io.kdp.cni.cilium;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;
import io.kdp.packet.IpProtocol;

/**
 * A key of a {@code cilium_policy_<endpoint>} map (struct policy_key): the peer's identity (0 for
 * any), the direction, the protocol (0 for any) and the destination port with the number of its
 * leading bits that must match ({@code portPrefix} 16 for one port, fewer for a power-of-two block
 * of an endPort range, 0 for any port), as Cilium's LPM policy keys carry port ranges.
 */
public record PolicyKey(int identity, boolean egress, int protocol, int port, int portPrefix) {
    public PolicyKey {
        if (portPrefix < 0 || portPrefix > 16) throw new IllegalArgumentException("port prefix " + portPrefix);
        if (protocol == 0 && portPrefix != 0) throw new IllegalArgumentException("a port needs a protocol");
        port = portPrefix == 0 ? 0 : port & (0xffff << (16 - portPrefix)) & 0xffff;
    }

    /** An entry for every protocol and port. */
    public static PolicyKey any(int identity, boolean egress) {
        return new PolicyKey(identity, egress, 0, 0, 0);
    }

    /** Whether this key covers a packet's protocol and port (the identity and direction aside). */
    boolean coversPort(int proto, int dport) {
        if (protocol == 0) return true;
        if (protocol != proto) return false;
        if (portPrefix == 0) return true;
        int mask = (0xffff << (16 - portPrefix)) & 0xffff;
        return (dport & mask) == port;
    }

    /** {@code ANY}, {@code 8080/TCP}, {@code 8080-8087/TCP} or {@code TCP} (every port). */
    public String portProto() {
        if (protocol == 0) return "ANY";
        String p = IpProtocol.name(protocol).toUpperCase();
        if (portPrefix == 0) return p;
        int last = port + (1 << (16 - portPrefix)) - 1;
        return (last == port ? Integer.toString(port) : port + "-" + last) + "/" + p;
    }

    /** {@code identity 257 ingress 8080/TCP}, as a trace shows a lookup key. */
    @Override
    public String toString() {
        return "identity " + identity + " " + (egress ? "egress" : "ingress") + " " + portProto();
    }

    static final BpfCodec<PolicyKey> CODEC = new BpfCodec<>() {
        public int size() { return 12; }
        public void write(PolicyKey k, byte[] out, int off) {
            // lpm prefix over egress, protocol and dport after the identity (which is always exact)
            int prefix = 32 + 8 + (k.protocol() == 0 ? 0 : 8 + k.portPrefix());
            Bytes.le32(out, off, prefix);
            Bytes.le32(out, off + 4, k.identity());
            out[off + 8] = (byte) (k.egress() ? 1 : 0);
            out[off + 9] = (byte) k.protocol();
            Bytes.be16(out, off + 10, k.port());
        }
    };
}
