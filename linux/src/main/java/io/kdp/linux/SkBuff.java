package io.kdp.linux;

import io.kdp.linux.conntrack.ConntrackEntry;
import io.kdp.linux.conntrack.CtInfo;
import io.kdp.packet.Packet;

/**
 * The kernel's per-packet state while a packet moves through one network namespace (struct
 * sk_buff): the current packet (NAT replaces it), the firewall mark, the devices it came in on and
 * will go out of, its conntrack entry and how it relates to that entry. A packet that crosses to
 * another namespace gets a fresh SkBuff there, as a real veth scrubs the skb (skb_scrub_packet):
 * the mark and conntrack reference do not survive the crossing.
 */
public final class SkBuff {
    private final NetNamespace ns;
    private Packet packet;
    private int mark;
    private NetDevice inDev;
    private NetDevice outDev;
    private ConntrackEntry ct;
    private CtInfo ctInfo;
    private boolean untracked;
    private String dropReason;
    private boolean rejected;
    /** The next-hop gateway chosen by routing (0 when on-link: use the destination). */
    private int nextHop;
    /** skb->ipvs_property: IPVS already handled this packet; its hook functions let it pass. */
    private boolean ipvsProperty;

    public SkBuff(NetNamespace ns, Packet packet, NetDevice inDev) {
        this.ns = ns;
        this.packet = packet;
        this.inDev = inDev;
    }

    public NetNamespace ns() { return ns; }
    public Packet packet() { return packet; }
    public void packet(Packet p) { this.packet = p; }
    public int mark() { return mark; }
    public void mark(int m) { this.mark = m; }
    public NetDevice inDev() { return inDev; }
    public void inDev(NetDevice d) { this.inDev = d; }
    public NetDevice outDev() { return outDev; }
    public void outDev(NetDevice d) { this.outDev = d; }
    /** Input device name, or null (iptables {@code -i}). */
    public String inName() { return inDev == null ? null : inDev.name(); }
    /** Output device name, or null (iptables {@code -o}). */
    public String outName() { return outDev == null ? null : outDev.name(); }
    public ConntrackEntry ct() { return ct; }
    public CtInfo ctInfo() { return ctInfo; }
    /** Attaches the conntrack entry (nf_ct_set). */
    public void ct(ConntrackEntry entry, CtInfo info) {
        this.ct = entry;
        this.ctInfo = info;
    }
    /** Set by the raw table's NOTRACK/CT --notrack: conntrack leaves the packet alone. */
    public boolean untracked() { return untracked; }
    public void untracked(boolean u) { this.untracked = u; }
    public String dropReason() { return dropReason; }
    /** Marks the packet dropped for a reason the trace reports; returns DROP for convenience. */
    public io.kdp.linux.netfilter.Verdict drop(String reason) {
        this.dropReason = reason;
        return io.kdp.linux.netfilter.Verdict.DROP;
    }
    /** Whether the drop answered the sender (REJECT): the disposition is then REJECTED. */
    public boolean rejected() { return rejected; }
    public void rejected(boolean r) { this.rejected = r; }
    public int nextHop() { return nextHop; }
    /** Whether IPVS rewrote this packet already (skb->ipvs_property). */
    public boolean ipvsProperty() { return ipvsProperty; }
    public void ipvsProperty(boolean p) { this.ipvsProperty = p; }
    public void nextHop(int gw) { this.nextHop = gw; }
}
