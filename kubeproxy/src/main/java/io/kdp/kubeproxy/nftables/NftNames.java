package io.kdp.kubeproxy.nftables;

import io.kdp.kubeproxy.EndpointInfo;
import io.kdp.kubeproxy.ServicePortName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The names kube-proxy's nftables mode gives its objects (pkg/proxy/nftables/proxier.go): the fixed chains, sets
 * and maps of table {@code ip kube-proxy}, and the per-service ones built by {@code hashAndTruncate}: the first 8
 * characters of base32(sha256(name)), a dash, then the name itself, {@code ns/name/proto/port} for a service port
 * and {@code ns/name/proto/port__ip/port} for an endpoint, e.g. {@code service-ULMVA6XW-ns1/svc1/tcp/p80} and
 * {@code endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80}. Bases longer than 240 characters are cut to 237 and
 * end in {@code ...}.
 */
public final class NftNames {
    public static final String TABLE = "kube-proxy";

    public static final String FILTER_PREROUTING_PRE_DNAT = "filter-prerouting-pre-dnat", FILTER_OUTPUT_PRE_DNAT = "filter-output-pre-dnat",
            FILTER_INPUT = "filter-input", FILTER_FORWARD = "filter-forward", FILTER_OUTPUT = "filter-output",
            NAT_PREROUTING = "nat-prerouting", NAT_OUTPUT = "nat-output", NAT_POSTROUTING = "nat-postrouting";

    public static final String SERVICES = "services", SERVICE_IPS = "service-ips", SERVICE_NODEPORTS = "service-nodeports",
            NODEPORT_IPS = "nodeport-ips", CLUSTER_IPS = "cluster-ips", SERVICE_ENDPOINTS_CHECK = "service-endpoints-check",
            NODEPORT_ENDPOINTS_CHECK = "nodeport-endpoints-check", NO_ENDPOINT_SERVICES = "no-endpoint-services",
            NO_ENDPOINT_NODEPORTS = "no-endpoint-nodeports", REJECT_CHAIN = "reject-chain", CLUSTER_IPS_CHECK = "cluster-ips-check",
            FIREWALL_IPS = "firewall-ips", FIREWALL_CHECK = "firewall-check", MARK_MASQ = "mark-for-masquerade",
            MASQUERADING = "masquerading";

    public static final String SERVICE = "service-", LOCAL = "local-", EXTERNAL = "external-", ENDPOINT = "endpoint-",
            AFFINITY = "affinity-", FIREWALL = "firewall-";

    /** knftables.NameLengthMax (256) minus chainNamePrefixLengthMax (16). */
    static final int BASE_LENGTH_MAX = 240;

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private NftNames() {}

    /** servicePortChainNameBase: {@code HASH-ns/name/proto/port}. */
    public static String serviceBase(ServicePortName n) {
        return hashAndTruncate(n.namespace() + "/" + n.name() + "/" + n.protocolLower() + "/" + n.port());
    }

    /** servicePortEndpointChainNameBase: {@code HASH-ns/name/proto/port__ip/port}. */
    public static String endpointBase(ServicePortName n, EndpointInfo ep) {
        return hashAndTruncate(n.namespace() + "/" + n.name() + "/" + n.protocolLower() + "/" + n.port() + "__" + ep.ip() + "/" + ep.port());
    }

    /** The Cluster-policy chain {@code service-HASH-...}. */
    public static String serviceChain(ServicePortName n) { return SERVICE + serviceBase(n); }

    /** The Local-policy chain {@code local-HASH-...}. */
    public static String localChain(ServicePortName n) { return LOCAL + serviceBase(n); }

    /** The external-destinations chain {@code external-HASH-...}. */
    public static String externalChain(ServicePortName n) { return EXTERNAL + serviceBase(n); }

    /** The loadBalancerSourceRanges chain {@code firewall-HASH-...}. */
    public static String firewallChain(ServicePortName n) { return FIREWALL + serviceBase(n); }

    /** The endpoint chain {@code endpoint-HASH-...__ip/port}. */
    public static String endpointChain(ServicePortName n, EndpointInfo ep) { return ENDPOINT + endpointBase(n, ep); }

    /** The endpoint's ClientIP affinity set {@code affinity-HASH-...__ip/port}. */
    public static String affinitySet(ServicePortName n, EndpointInfo ep) { return AFFINITY + endpointBase(n, ep); }

    /** isServiceChainName: per-service chains, and only they, contain a slash. */
    public static boolean isServiceChain(String chain) {
        return chain.indexOf('/') >= 0;
    }

    /** isAffinitySetName. */
    public static boolean isAffinitySet(String set) {
        return set.startsWith(AFFINITY);
    }

    /** hashAndTruncate: 8 base32 characters of sha256(name), a dash, the name; cut to 240 characters. */
    static String hashAndTruncate(String name) {
        byte[] d;
        try {
            d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        // RFC 4648 base32 (StdEncoding): the first 8 characters are the first 40 bits
        long bits = 0;
        for (int i = 0; i < 5; i++) bits = (bits << 8) | (d[i] & 0xff);
        StringBuilder sb = new StringBuilder(9 + name.length());
        for (int i = 7; i >= 0; i--) sb.append(BASE32[(int) (bits >>> (5 * i)) & 31]);
        sb.append('-').append(name);
        if (sb.length() > BASE_LENGTH_MAX) {
            sb.setLength(BASE_LENGTH_MAX - 3);
            sb.append("...");
        }
        return sb.toString();
    }
}
