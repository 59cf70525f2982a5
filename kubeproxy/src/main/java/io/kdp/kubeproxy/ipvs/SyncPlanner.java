package io.kdp.kubeproxy.ipvs;

import io.kdp.kubeproxy.EndpointInfo;
import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.iptables.EnsuredChain;
import io.kdp.kubeproxy.iptables.EnsuredRule;
import io.kdp.linux.ipvs.ServiceKey;
import io.kdp.packet.IpProtocol;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a {@link DesiredState} and what the kernel holds ({@link KernelView}) into the changes kube-proxy's IPVS
 * {@code syncProxyRules} makes, in its order: chains and jump rules, kube-ipvs0, the ipsets, each virtual server
 * with its address binding and real servers ({@code syncService}, {@code syncEndpoint}), the set entries
 * ({@code syncIPSetEntries}: stale ones deleted, new ones added, each sorted), iptables-restore, stale addresses
 * unbound, stale virtual servers deleted ({@code cleanLegacyService}).
 *
 * <p>Graceful termination (graceful_termination.go): a removed TCP real server that still has connections is set to
 * weight 0 and kept on the list; the others are deleted at once (UDP and SCTP always). kube-proxy retries the list
 * every minute; kdp retries at the start of each sync.
 */
final class SyncPlanner {
    private final ProxierConfig config;
    /** The graceful-termination list: {@code vsKey/ip:port} with the service key. */
    private final Set<Graceful> graceful = new LinkedHashSet<>();

    record Graceful(ServiceKey key, String ip, int port) {
        String name() {
            return key + "/" + ip + ":" + port;
        }
    }

    SyncPlanner(ProxierConfig config) {
        this.config = config;
    }

    /** The real servers waiting for their connections to end. */
    Set<Graceful> graceful() {
        return java.util.Collections.unmodifiableSet(graceful);
    }

    List<IpvsOp> plan(DesiredState d, KernelView k, boolean initialSync) {
        List<IpvsOp> ops = new ArrayList<>();
        retryGraceful(k, ops);
        for (EnsuredChain c : IpvsIptablesRules.CHAINS) if (!k.hasChain(c)) ops.add(new IpvsOp.CreateChain(c));
        for (EnsuredRule r : IpvsIptablesRules.JUMPS) if (!k.hasRule(r)) ops.add(new IpvsOp.PrependRule(r));
        if (!k.hasDummyDevice()) ops.add(new IpvsOp.AddDummy());
        for (KubeIpsets.Info s : KubeIpsets.ALL) if (!k.hasSet(s.name())) ops.add(new IpvsOp.CreateSet(s));

        Set<String> bound = k.boundAddresses();
        Set<String> boundNow = new LinkedHashSet<>(bound);
        for (DesiredState.VirtualServer vs : d.servers().values()) {
            ServiceKey key = vs.spec().key();
            KernelView.Applied applied = k.service(key);
            if (applied == null) ops.add(new IpvsOp.AddService(vs.spec()));
            else if (!vs.spec().sameAs(applied.config())) ops.add(new IpvsOp.EditService(vs.spec()));
            String addr = io.kdp.packet.Ip4.format(vs.spec().address());
            if (vs.bind() && boundNow.add(addr)) ops.add(new IpvsOp.BindAddress(addr));
            syncEndpoints(key, vs, applied, initialSync, ops);
        }
        for (KubeIpsets.Info s : KubeIpsets.ALL) {
            Set<String> current = k.setEntries(s.name()), active = d.entries(s.name());
            if (current.equals(active)) continue;
            for (String e : new TreeSet<>(current)) if (!active.contains(e)) ops.add(new IpvsOp.DelEntry(s.name(), e));
            for (String e : active) if (!current.contains(e)) ops.add(new IpvsOp.AddEntry(s.name(), e));
        }
        ops.add(new IpvsOp.Restore(IpvsIptablesRules.restoreText(d, config)));
        for (String a : new TreeSet<>(bound)) if (!d.bindAddrs().contains(a)) ops.add(new IpvsOp.UnbindAddress(a));
        for (ServiceKey key : k.services()) {
            if (!d.servers().containsKey(key)) {
                ops.add(new IpvsOp.DeleteService(key));
                graceful.removeIf(g -> g.key().equals(key));
            }
        }
        return ops;
    }

    /** syncEndpoint: add new real servers, reset weights on the first sync, gracefully delete the rest. */
    private void syncEndpoints(ServiceKey key, DesiredState.VirtualServer vs, KernelView.Applied applied, boolean initialSync, List<IpvsOp> ops) {
        Set<String> wanted = new TreeSet<>();
        for (EndpointInfo ep : vs.dests()) {
            wanted.add(ep.toString());
            KernelView.Dest cur = applied == null ? null : applied.dests().get(ep.toString());
            if (cur != null) {
                if (initialSync && cur.weight() != 1) ops.add(new IpvsOp.EditDest(key, ep.ip(), ep.port(), 1));
                Graceful g = new Graceful(key, ep.ip(), ep.port());
                if (!graceful.remove(g)) continue;
                ops.add(new IpvsOp.DeleteDest(key, ep.ip(), ep.port())); // MoveRSOutofGracefulDeleteList
            }
            ops.add(new IpvsOp.AddDest(key, ep.ip(), ep.port()));
        }
        if (applied == null) return;
        for (String ep : new TreeSet<>(applied.dests().keySet())) {
            if (wanted.contains(ep)) continue;
            int colon = ep.lastIndexOf(':');
            Graceful g = new Graceful(key, ep.substring(0, colon), Integer.parseInt(ep.substring(colon + 1)));
            if (graceful.contains(g)) continue;
            KernelView.Dest cur = applied.dests().get(ep);
            if (needsGrace(key) && cur.activeConns() + cur.inactConns() != 0) {
                if (cur.weight() != 0) ops.add(new IpvsOp.EditDest(key, g.ip(), g.port(), 0));
                graceful.add(g);
            } else {
                ops.add(new IpvsOp.DeleteDest(key, g.ip(), g.port()));
            }
        }
    }

    /** The graceful-termination loop: servers whose connections are gone (or that vanished) leave the list. */
    private void retryGraceful(KernelView k, List<IpvsOp> ops) {
        for (Graceful g : new ArrayList<>(graceful)) {
            KernelView.Applied a = k.service(g.key());
            KernelView.Dest d = a == null ? null : a.dests().get(g.ip() + ":" + g.port());
            if (d == null) {
                graceful.remove(g);
            } else if (d.activeConns() + d.inactConns() == 0) {
                ops.add(new IpvsOp.DeleteDest(g.key(), g.ip(), g.port()));
                graceful.remove(g);
            }
        }
    }

    /** IsRsGracefulTerminationNeeded: everything but UDP and SCTP. */
    private static boolean needsGrace(ServiceKey key) {
        return key.protocol() != IpProtocol.UDP && key.protocol() != IpProtocol.SCTP;
    }
}
