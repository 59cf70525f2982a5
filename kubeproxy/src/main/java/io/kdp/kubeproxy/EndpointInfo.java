package io.kdp.kubeproxy;

/**
 * kube-proxy's {@code BaseEndpointInfo} (pkg/proxy/endpoint.go): one endpoint address and port of a service
 * port, as the EndpointSlice cache builds it. {@code local} means the endpoint's nodeName is this node;
 * {@code ready}/{@code serving}/{@code terminating} are the slice conditions with nil read as true/true/false.
 * {@code zone} and {@code nodeName} may be null.
 */
public record EndpointInfo(String ip, int port, boolean local, boolean ready, boolean serving, boolean terminating,
                           String zone, String nodeName) implements Comparable<EndpointInfo> {
    public EndpointInfo {
        if (ip == null || ip.isEmpty()) throw new IllegalArgumentException("EndpointInfo: empty ip");
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("EndpointInfo " + ip + ": port " + port + " is not in 1..65535");
    }

    /** A ready, serving, non-terminating endpoint. */
    public static EndpointInfo ready(String ip, int port, boolean local) {
        return new EndpointInfo(ip, port, local, true, true, false, null, null);
    }

    /** {@code ip:port} (net.JoinHostPort), the string endpoint chains hash and comments print. */
    @Override
    public String toString() {
        return ip + ":" + port;
    }

    /** Endpoints are sorted by {@link #toString()} as a string (endpointslicecache.go byEndpoint). */
    @Override
    public int compareTo(EndpointInfo o) {
        return toString().compareTo(o.toString());
    }
}
