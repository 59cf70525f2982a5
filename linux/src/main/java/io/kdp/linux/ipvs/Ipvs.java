package io.kdp.linux.ipvs;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.Netfilter;
import io.kdp.linux.netfilter.Priority;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IPVS of one network namespace (struct netns_ipvs): the virtual service table and its control
 * operations as ipvsadm drives them (ip_vs_ctl.c), the connection table, and the hook functions
 * {@link #registerHooks()} installs (ip_vs_core.c ip_vs_ops4, Linux 5.16 and later):
 * <table>
 *   <caption>IPVS hook functions</caption>
 *   <tr><th>hook</th><th>priority</th><th>function</th></tr>
 *   <tr><td>INPUT</td><td>NF_IP_PRI_NAT_SRC - 2 = 98</td><td>ip_vs_out_hook: un-NAT replies to local clients</td></tr>
 *   <tr><td>INPUT</td><td>NF_IP_PRI_NAT_SRC - 1 = 99</td><td>ip_vs_in_hook: schedule and forward requests to a local VIP</td></tr>
 *   <tr><td>OUTPUT</td><td>NF_IP_PRI_NAT_DST + 1 = -99</td><td>ip_vs_out_hook: un-NAT replies of local real servers</td></tr>
 *   <tr><td>OUTPUT</td><td>NF_IP_PRI_NAT_DST + 2 = -98</td><td>ip_vs_in_hook: schedule local clients' requests</td></tr>
 *   <tr><td>FORWARD</td><td>100</td><td>ip_vs_out_hook: un-NAT forwarded replies</td></tr>
 * </table>
 * ip_vs_forward_icmp (FORWARD 99) is not registered: ICMP errors about IPVS connections are not
 * translated (see {@link IpvsCore}).
 */
public final class Ipvs {
    /** Owner name of the hook functions in the netfilter registry and traces. */
    public static final String OWNER = "ipvs";
    /** IP_VS_VERSION_CODE 1.2.1 and the default connection table size (CONFIG_IP_VS_TAB_BITS 12). */
    public static final String VERSION = "1.2.1";
    public static final int CONN_TAB_SIZE = 4096;

    private final NetNamespace ns;
    private final Map<ServiceKey, VirtualService> services = new LinkedHashMap<>();
    private final ConnectionTable connections = new ConnectionTable();
    private final IpvsCore core;
    private IpvsTransmitter transmitter;
    private boolean hooksRegistered;

    public Ipvs(NetNamespace ns) {
        this.ns = ns;
        this.core = new IpvsCore(this);
    }

    public NetNamespace ns() { return ns; }

    /** Where rewritten packets go out (the namespace's LOCAL_OUT path); must be set before traffic flows. */
    public void transmitter(IpvsTransmitter t) { this.transmitter = t; }

    /** The transmitter rewritten packets go out through, or null before one is set. */
    public IpvsTransmitter transmitter() { return transmitter; }

    public ConnectionTable connections() { return connections; }

    /** Registers the hook functions (owner {@value #OWNER}); a second call does nothing. */
    public void registerHooks() {
        if (hooksRegistered) return;
        Netfilter nf = ns.netfilter();
        nf.register(new HookEntry(Hook.INPUT, Priority.NAT_SRC - 2, OWNER, core::outHook));
        nf.register(new HookEntry(Hook.INPUT, Priority.NAT_SRC - 1, OWNER, core::inHook));
        nf.register(new HookEntry(Hook.OUTPUT, Priority.NAT_DST + 1, OWNER, core::outHook));
        nf.register(new HookEntry(Hook.OUTPUT, Priority.NAT_DST + 2, OWNER, core::inHook));
        nf.register(new HookEntry(Hook.FORWARD, 100, OWNER, core::outHook));
        hooksRegistered = true;
    }

    /** Removes the hook functions. */
    public void unregisterHooks() {
        ns.netfilter().unregister(OWNER);
        hooksRegistered = false;
    }

    // ---- control plane (ip_vs_ctl.c) ----

    /** {@code ipvsadm -A}. */
    public VirtualService addService(ServiceKey key, ServiceConfig config) {
        if (services.containsKey(key)) throw new IpvsException("Service already exists");
        Scheduler s = scheduler(config.scheduler());
        VirtualService svc = new VirtualService(key, config, s);
        services.put(key, svc);
        return svc;
    }

    /** {@code ipvsadm -E}: new settings; a new scheduler starts with fresh state. */
    public void editService(ServiceKey key, ServiceConfig config) {
        VirtualService svc = require(key);
        Scheduler s = svc.scheduler().name().equals(config.scheduler()) ? null : scheduler(config.scheduler());
        svc.reconfigure(config, s);
    }

    /** {@code ipvsadm -D}: the service goes; its servers become unavailable, their connections drop packets until they expire. */
    public void deleteService(ServiceKey key) {
        VirtualService svc = require(key);
        for (RealServer d : new ArrayList<>(svc.dests())) svc.removeDest(d);
        services.remove(key);
    }

    /** {@code ipvsadm -C}. */
    public void clear() {
        for (ServiceKey k : new ArrayList<>(services.keySet())) deleteService(k);
    }

    /** {@code ipvsadm -a}. */
    public RealServer addDest(ServiceKey key, DestConfig d) {
        VirtualService svc = require(key);
        if (svc.dest(d.address(), d.port()) != null) throw new IpvsException("Destination already exists");
        if (d.lowerThreshold() > d.upperThreshold() && d.upperThreshold() != 0) throw new IpvsException("Invalid argument");
        RealServer rs = new RealServer(d.address(), d.port(), d.forward(), d.weight(), d.upperThreshold(), d.lowerThreshold());
        svc.addDest(rs);
        return rs;
    }

    /** {@code ipvsadm -e}. */
    public void editDest(ServiceKey key, DestConfig d) {
        VirtualService svc = require(key);
        RealServer rs = svc.dest(d.address(), d.port());
        if (rs == null) throw new IpvsException("No such destination");
        rs.update(d.forward(), d.weight(), d.upperThreshold(), d.lowerThreshold());
        svc.updatedDest(rs);
    }

    /** {@code ipvsadm -d}. */
    public void deleteDest(ServiceKey key, int address, int port) {
        VirtualService svc = require(key);
        RealServer rs = svc.dest(address, port);
        if (rs == null) throw new IpvsException("No such destination");
        svc.removeDest(rs);
    }

    public VirtualService service(ServiceKey key) {
        return services.get(key);
    }

    /** Services in creation order. */
    public Collection<VirtualService> services() {
        return Collections.unmodifiableCollection(services.values());
    }

    boolean hasServices() {
        return !services.isEmpty();
    }

    /**
     * ip_vs_service_find: a firewall-mark service for a marked packet first, then the exact
     * (protocol, address, port), then a port-zero service on the address.
     */
    VirtualService find(int mark, int protocol, int address, int port) {
        VirtualService svc = null;
        if (mark != 0) svc = services.get(ServiceKey.fwmark(mark));
        if (svc == null) svc = services.get(ServiceKey.of(protocol, address, port));
        if (svc == null && port != 0) svc = services.get(ServiceKey.of(protocol, address, 0));
        return svc;
    }

    private VirtualService require(ServiceKey key) {
        VirtualService svc = services.get(key);
        if (svc == null) throw new IpvsException("No such service");
        return svc;
    }

    private static Scheduler scheduler(String name) {
        Scheduler s = Scheduler.create(name);
        if (s == null) throw new IpvsException("Scheduler not found");
        return s;
    }

    // ---- ipvsadm text ----

    /** {@code ipvsadm -Ln}. */
    public String list() {
        connections.expire(ns.clock().nanos());
        return IpvsadmFormat.list(services.values());
    }

    /** {@code ipvsadm-save -n} ({@code ipvsadm -Sn}). */
    public String save() {
        return IpvsadmFormat.save(services.values());
    }

    /** {@code ipvsadm-restore}: runs each line as an ipvsadm command; stops at the first bad line. */
    public void restore(String text) throws IpvsadmSyntaxException {
        IpvsadmRestore.run(this, text);
    }

    /** Runs one ipvsadm command line (without the program name), e.g. {@code -A -t 10.96.0.1:443 -s rr}. */
    public void command(String line) throws IpvsadmSyntaxException {
        IpvsadmRestore.runLine(this, line, 0);
    }

    /** All live connections and templates. */
    public List<IpvsConnection> connectionEntries() {
        return connections.entries(ns.clock().nanos());
    }
}
