package io.kdp.kubeproxy.ipvs;

import io.kdp.kubeproxy.Proxier;
import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.linux.NetNamespace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kube-proxy's IPVS mode (pkg/proxy/ipvs/proxier.go, v1.31-v1.34; deprecated since v1.35 in favour of nftables).
 *
 * <p>Each Service port becomes IPVS virtual servers (ClusterIP, external IPs, load-balancer IPs, and the NodePort
 * on every node address) with NAT real servers of weight 1, scheduler {@code rr} unless configured, and
 * persistence with the affinity timeout for sessionAffinity ClientIP. ClusterIPs, external IPs and load-balancer
 * IPs are bound as /32s on the dummy device {@code kube-ipvs0}, which is created and left down: the local routes
 * of its addresses make the VIPs local, so packets reach IPVS at LOCAL_IN. ipsets (see {@link KubeIpsets}) keep
 * the iptables rules constant-size: masquerade marks for off-cluster sources, NodePorts, external IPs and
 * hairpin traffic (KUBE-LOOP-BACK), the load-balancer source-range firewall and KUBE-IPVS-FILTER.
 *
 * <p>Every sync is computed in full against what the kernel holds, as kube-proxy's is, but changes only what
 * differs: virtual servers, real servers, addresses and set entries are added and removed one by one
 * ("IPVS incremental"), and the iptables rules are restored as a whole (they do not grow with Services).
 * {@link #sync} diffs against the state of its previous sync (a node without traffic); {@link #apply(NetNamespace,
 * ProxyState)} reads the node.
 */
public final class IpvsProxier implements Proxier {
    /** defaultDummyDevice. */
    public static final String DUMMY_DEVICE = "kube-ipvs0";

    private final ProxierConfig config;
    private final IpvsOptions options;
    private final DesiredStateBuilder builder;
    private final SyncPlanner planner;
    private DesiredState last;
    private boolean initialSync = true;
    private IpvsSyncResult lastResult;

    public IpvsProxier(ProxierConfig config) {
        this(config, IpvsOptions.DEFAULT);
    }

    public IpvsProxier(ProxierConfig config, IpvsOptions options) {
        this.config = config;
        this.options = options;
        this.builder = new DesiredStateBuilder(config, options);
        this.planner = new SyncPlanner(config);
    }

    public ProxierConfig config() {
        return config;
    }

    public IpvsOptions options() {
        return options;
    }

    @Override
    public String mode() {
        return "ipvs";
    }

    @Override
    public void requestFullSync() {
        last = null;
    }

    /** The result of the last sync, or null. */
    public IpvsSyncResult lastResult() {
        return lastResult;
    }

    /** Real servers being gracefully terminated ({@code TCP 10.96.0.10:80/10.244.1.3:8080}). */
    public List<String> gracefullyTerminating() {
        return planner.graceful().stream().map(SyncPlanner.Graceful::name).toList();
    }

    /** A sync against the state this proxier's previous sync left (node addresses from the config). */
    @Override
    public IpvsSyncResult sync(ProxyState state) {
        return sync(state, new ModelKernelView(last, config.nodeIPs()));
    }

    private IpvsSyncResult sync(ProxyState state, KernelView view) {
        boolean full = last == null;
        DesiredState d = builder.build(state, view.nodeAddresses());
        List<IpvsOp> ops = planner.plan(d, view, initialSync);
        IpvsSyncResult r = IpvsSyncResult.of(full, ops, d);
        last = d;
        initialSync = false;
        lastResult = r;
        return r;
    }

    @Override
    public IpvsSyncResult apply(NetNamespace node, ProxyState state) {
        IpvsSyncResult r = sync(state, new NodeKernelView(node));
        load(node, r);
        return r;
    }

    @Override
    public void apply(NetNamespace node) {
        if (lastResult == null) throw new IllegalStateException("kube-proxy (ipvs) on " + node.name() + ": nothing synced yet");
        load(node, lastResult);
    }

    private void load(NetNamespace node, IpvsSyncResult r) {
        try {
            if (r.fullSync()) sysctls().forEach(node.sysctls()::set);
            for (IpvsOp op : r.ops()) op.apply(node);
        } catch (RuntimeException e) {
            last = null; // the next sync starts again from what the node really holds
            throw e;
        }
    }

    /**
     * The sysctls NewProxier ensures, in its order: {@code net.ipv4.vs.conntrack=1} (so iptables NAT still sees
     * IPVS traffic), {@code expire_nodest_conn=1}, {@code expire_quiescent_template=1}, {@code ip_forward=1}, and with
     * strictARP {@code arp_ignore=1}, {@code arp_announce=2}; then the conntrack TCP timeouts kube-proxy's server sets
     * by default. {@code conn_reuse_mode} is left alone on kernels from 5.9 (kubernetes issue 93297).
     */
    @Override
    public Map<String, String> sysctls() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("net.ipv4.vs.conntrack", "1");
        m.put("net.ipv4.vs.expire_nodest_conn", "1");
        m.put("net.ipv4.vs.expire_quiescent_template", "1");
        m.put("net.ipv4.ip_forward", "1");
        if (options.strictARP()) {
            m.put("net.ipv4.conf.all.arp_ignore", "1");
            m.put("net.ipv4.conf.all.arp_announce", "2");
        }
        m.put("net.netfilter.nf_conntrack_tcp_timeout_established", "86400");
        m.put("net.netfilter.nf_conntrack_tcp_timeout_close_wait", "3600");
        return m;
    }
}
