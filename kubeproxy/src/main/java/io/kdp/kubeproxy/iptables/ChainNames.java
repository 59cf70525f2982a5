package io.kdp.kubeproxy.iptables;

import io.kdp.kubeproxy.EndpointInfo;
import io.kdp.kubeproxy.ServicePortName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * kube-proxy's iptables chain names (pkg/proxy/iptables/proxier.go {@code portProtoHash} and
 * {@code servicePortEndpointChainName}): the first 16 characters of base32(sha256(text)), where text is the
 * service port name string ({@code ns/name:port}) followed by the lowercase protocol, and for KUBE-SEP chains
 * also the endpoint's {@code ip:port}. Names stay within iptables' 28-character limit.
 */
public final class ChainNames {
    public static final String SVC = "KUBE-SVC-", SVL = "KUBE-SVL-", FW = "KUBE-FW-", EXT = "KUBE-EXT-", SEP = "KUBE-SEP-";
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private ChainNames() {}

    /** portProtoHash: 16 base32 characters of sha256(servicePortName + protocol). */
    public static String portProtoHash(String servicePortName, String protocol) {
        return hash16(servicePortName + protocol);
    }

    /** KUBE-SVC-&lt;hash&gt;: the Cluster-policy chain. */
    public static String serviceChain(ServicePortName n) {
        return SVC + portProtoHash(n.toString(), n.protocolLower());
    }

    /** KUBE-SVL-&lt;hash&gt;: the Local-policy chain. */
    public static String localChain(ServicePortName n) {
        return SVL + portProtoHash(n.toString(), n.protocolLower());
    }

    /** KUBE-FW-&lt;hash&gt;: the loadBalancerSourceRanges chain. */
    public static String firewallChain(ServicePortName n) {
        return FW + portProtoHash(n.toString(), n.protocolLower());
    }

    /** KUBE-EXT-&lt;hash&gt;: the external-destinations chain. */
    public static String externalChain(ServicePortName n) {
        return EXT + portProtoHash(n.toString(), n.protocolLower());
    }

    /** KUBE-SEP-&lt;hash&gt;: sha256(servicePortName + protocol + "ip:port"). */
    public static String endpointChain(ServicePortName n, EndpointInfo ep) {
        return SEP + hash16(n.toString() + n.protocolLower() + ep.toString());
    }

    /** Whether kube-proxy owns the chain as a per-service chain (isServiceChainName). */
    public static boolean isServiceChain(String chain) {
        return chain.startsWith(SVC) || chain.startsWith(SVL) || chain.startsWith(SEP) || chain.startsWith(FW) || chain.startsWith(EXT);
    }

    private static String hash16(String text) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        // RFC 4648 base32, first 16 characters = the first 80 bits (10 bytes)
        StringBuilder sb = new StringBuilder(16);
        long bits = 0;
        int nbits = 0, i = 0;
        while (sb.length() < 16) {
            if (nbits < 5) {
                bits = (bits << 8) | (digest[i++] & 0xff);
                nbits += 8;
            }
            sb.append(BASE32[(int) (bits >>> (nbits - 5)) & 31]);
            nbits -= 5;
        }
        return sb.toString();
    }
}
