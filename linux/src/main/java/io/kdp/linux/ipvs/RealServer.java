package io.kdp.linux.ipvs;

import io.kdp.packet.Ip4;

/**
 * A real server of one virtual service (struct ip_vs_dest): address, port, forwarding method,
 * weight, the connection counters ipvsadm shows, and the optional connection thresholds that mark
 * it overloaded (IP_VS_DEST_F_OVERLOAD).
 */
public final class RealServer {
    private final int address;
    private final int port;
    private ForwardMethod forward;
    private int weight;
    /** The last non-zero weight (dest->last_weight), which the sh and mh tables are built from. */
    private int lastWeight;
    private int upperThreshold;
    private int lowerThreshold;
    private int activeConns;
    private int inactConns;
    private int persistConns;
    private boolean overloaded;
    /** IP_VS_DEST_F_AVAILABLE: cleared when the server is removed from its service. */
    private boolean available = true;

    RealServer(int address, int port, ForwardMethod forward, int weight, int upperThreshold, int lowerThreshold) {
        this.address = address;
        this.port = port;
        update(forward, weight, upperThreshold, lowerThreshold);
        this.lastWeight = weight;
    }

    /** __ip_vs_update_dest: new settings; re-evaluates the overload flag against new thresholds. */
    void update(ForwardMethod forward, int weight, int upperThreshold, int lowerThreshold) {
        this.forward = forward;
        this.weight = weight;
        if (weight > 0) this.lastWeight = weight;
        this.upperThreshold = upperThreshold;
        this.lowerThreshold = lowerThreshold;
        // __ip_vs_update_dest: thresholds changed, the server is no longer overloaded until the next check.
        if (upperThreshold == 0 || upperThreshold > totalConns()) overloaded = false;
    }

    public int address() { return address; }
    public int port() { return port; }
    public ForwardMethod forward() { return forward; }
    public int weight() { return weight; }
    int lastWeight() { return lastWeight; }
    public int upperThreshold() { return upperThreshold; }
    public int lowerThreshold() { return lowerThreshold; }
    /** ActiveConn: connections in TCP ESTABLISHED. */
    public int activeConns() { return activeConns; }
    /** InActConn: every other connection of this server (TCP handshake or teardown, all UDP). */
    public int inactConns() { return inactConns; }
    /** Persistence templates pointing at this server. */
    public int persistConns() { return persistConns; }
    public boolean overloaded() { return overloaded; }
    public boolean available() { return available; }

    void unavailable() { available = false; }

    /** ip_vs_dest_conn_overhead: active connections weigh 256 times an inactive one. */
    int connOverhead() {
        return (activeConns << 8) + inactConns;
    }

    int totalConns() {
        return activeConns + inactConns;
    }

    /** ip_vs_bind_dest: a new connection (or template) counts against this server. */
    void bind(boolean template, boolean inactive) {
        if (template) persistConns++;
        else if (inactive) inactConns++;
        else activeConns++;
        if (upperThreshold != 0 && totalConns() >= upperThreshold) overloaded = true;
    }

    /** ip_vs_unbind_dest: the connection is gone; the server stops being overloaded below the lower threshold. */
    void unbind(boolean template, boolean inactive) {
        if (template) persistConns--;
        else if (inactive) inactConns--;
        else activeConns--;
        if (lowerThreshold != 0) {
            if (totalConns() <= lowerThreshold) overloaded = false;
        } else if (upperThreshold != 0) {
            if (totalConns() * 4 < upperThreshold * 3) overloaded = false;
        } else {
            overloaded = false;
        }
    }

    /** A connection moved between ESTABLISHED and another state (set_tcp_state). */
    void activate(boolean active) {
        if (active) {
            inactConns--;
            activeConns++;
        } else {
            activeConns--;
            inactConns++;
        }
    }

    /** {@code 10.244.1.5:8080}. */
    public String endpoint() {
        return Ip4.format(address) + ":" + port;
    }

    @Override
    public String toString() {
        return endpoint();
    }
}
