package io.kdp.cluster.bench;

/**
 * One measured case of the lookup comparison: a row of {@code results.csv}.
 *
 * @param mode         the proxy mode
 * @param services     Services in the node's tables
 * @param endpoints    endpoints per Service
 * @param position     the Service the packets go to
 * @param connection   new (conntrack miss) or established (conntrack hit)
 * @param nsPerPacket  the cost of one packet's service decision, in nanoseconds
 */
public record LookupResult(ProxyMode mode, int services, int endpoints, Position position, ConnectionKind connection, double nsPerPacket) {}
