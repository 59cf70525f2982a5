package io.kdp.linux.ipvs;

import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;

/**
 * One IPVS connection (struct ip_vs_conn): client, virtual and destination endpoints, the real
 * server it is bound to, its protocol state and timer. A persistence <em>template</em>
 * (IP_VS_CONN_F_TEMPLATE) has client port 0 and the client address masked with the service's
 * netmask; it controls the connections created through it and does not expire while it does.
 */
public final class IpvsConnection {
    /** IPVS's UDP timeout (ip_vs_proto_udp.c udp_timeouts[IP_VS_UDP_S_NORMAL]). */
    public static final int UDP_TIMEOUT = 5 * 60;

    private final int protocol;
    private final int caddr, cport, vaddr, vport, daddr, dport;
    private final RealServer dest;
    private final boolean template;
    /** IP_VS_CONN_F_NFCT: conntrack is kept informed (net.ipv4.vs.conntrack=1 when created). */
    private boolean nfct;
    /** IP_VS_CONN_F_INACTIVE: counted in the server's InActConn. */
    private boolean inactive;
    private final ForwardMethod forward;
    private TcpState tcpState = TcpState.NONE;
    private long timeoutSeconds;
    private long deadline;
    private IpvsConnection control;
    private int nControl;
    private boolean unlinked;
    /** IP_VS_CONN_F_NOOUTPUT: set for non-NAT servers until a reply is seen; selects the INPUT-ONLY table. */
    private boolean noOutput;

    IpvsConnection(int protocol, int caddr, int cport, int vaddr, int vport, RealServer dest, int dport, boolean template, boolean nfct) {
        this.protocol = protocol;
        this.caddr = caddr;
        this.cport = cport;
        this.vaddr = vaddr;
        this.vport = vport;
        this.dest = dest;
        this.daddr = dest.address();
        this.dport = dport;
        this.template = template;
        this.nfct = nfct && !template;
        this.forward = dest.forward();
        // __ip_vs_update_dest sets IP_VS_CONN_F_INACTIVE in the dest's conn_flags: new connections start inactive.
        this.inactive = true;
        this.noOutput = forward != ForwardMethod.MASQ;
        dest.bind(template, inactive);
    }

    public int protocol() { return protocol; }
    public int clientAddress() { return caddr; }
    public int clientPort() { return cport; }
    public int virtualAddress() { return vaddr; }
    public int virtualPort() { return vport; }
    public int destAddress() { return daddr; }
    public int destPort() { return dport; }
    public RealServer dest() { return dest; }
    public ForwardMethod forward() { return forward; }
    public boolean template() { return template; }
    public boolean nfct() { return nfct; }
    void clearNfct() { nfct = false; }
    public boolean inactive() { return inactive; }
    /** The TCP state (NONE for other protocols). */
    public TcpState tcpState() { return tcpState; }
    /** The current timeout in seconds, restarted by every packet (ip_vs_conn_put). */
    public long timeoutSeconds() { return timeoutSeconds; }
    public long deadlineNanos() { return deadline; }
    /** The persistence template this connection was created through, or null. */
    public IpvsConnection control() { return control; }
    /** How many connections this template controls. */
    public int controlled() { return nControl; }
    boolean unlinked() { return unlinked; }

    void timeout(long seconds) { this.timeoutSeconds = seconds; }

    /** ip_vs_conn_put: the timer restarts with the connection's current timeout. */
    void restartTimer(long nowNanos) {
        deadline = nowNanos + timeoutSeconds * 1_000_000_000L;
    }

    /** The timer fires again one timeout after {@code fromNanos} (expire_later re-arming). */
    void restartTimerFrom(long fromNanos) {
        deadline = fromNanos + timeoutSeconds * 1_000_000_000L;
    }

    void expireNow(long nowNanos) {
        deadline = nowNanos;
    }

    /** ip_vs_control_add. */
    void controlledBy(IpvsConnection tmpl) {
        this.control = tmpl;
        tmpl.nControl++;
    }

    /** ip_vs_conn_expire's unlink: counters and control released once. */
    void unlink() {
        if (unlinked) return;
        unlinked = true;
        if (control != null) {
            control.nControl--;
            control = null;
        }
        dest.unbind(template, inactive);
    }

    /** ip_vs_set_state for TCP: table transition, counters moved on entering or leaving ESTABLISHED. */
    void tcpTransition(TcpState.Dir dir, int flags) {
        if (noOutput) {
            if (dir == TcpState.Dir.OUTPUT) noOutput = false;
            else dir = TcpState.Dir.INPUT_ONLY;
        }
        TcpState next = TcpState.next(tcpState, dir, flags);
        if (next != tcpState) {
            if (!inactive && next != TcpState.ESTABLISHED) {
                dest.activate(false);
                inactive = true;
            } else if (inactive && next == TcpState.ESTABLISHED) {
                dest.activate(true);
                inactive = false;
            }
        }
        tcpState = next;
        timeoutSeconds = next.timeout();
    }

    /** The state name {@code ipvsadm -Lnc} prints: the TCP state, or UDP for UDP, NONE for templates. */
    public String stateName() {
        if (template) return "NONE";
        return protocol == IpProtocol.TCP ? tcpState.name() : protocol == IpProtocol.UDP ? "UDP" : "NONE";
    }

    @Override
    public String toString() {
        return ServiceKey.protoName(protocol) + " " + Ip4.format(caddr) + ":" + cport + " -> " + Ip4.format(vaddr) + ":" + vport
                + " -> " + Ip4.format(daddr) + ":" + dport + (template ? " (template)" : " " + stateName());
    }
}
