package io.kdp.kubeproxy.nftables;

import static io.kdp.kubeproxy.nftables.NftNames.*;

import io.kdp.kubeproxy.EndpointCategories;
import io.kdp.kubeproxy.EndpointInfo;
import io.kdp.kubeproxy.ServicePortInfo;
import io.kdp.kubeproxy.Topology;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The objects of one service port, in the order of the per-service loop of kube-proxy's nftables
 * {@code syncProxyRules}: its chains are ensured (added and flushed), its set and map elements ensured (always,
 * so unchanged elements cost nothing), then, unless a partial sync skips the service, the rules of its
 * service/local, external, firewall and endpoint chains and its affinity sets.
 */
final class ServicePortNft {
    private final SyncContext ctx;
    private final ServicePortInfo svc;
    private final EndpointCategories eps;
    private final String protocol, port, clusterChain, localChain, extChain, fwChain;

    ServicePortNft(SyncContext ctx, ServicePortInfo svc, List<EndpointInfo> endpoints) {
        this.ctx = ctx;
        this.svc = svc;
        this.eps = Topology.categorize(endpoints, svc);
        this.protocol = svc.protocolLower();
        this.port = Integer.toString(svc.port());
        this.clusterChain = NftNames.serviceChain(svc.name());
        this.localChain = NftNames.localChain(svc.name());
        this.extChain = NftNames.externalChain(svc.name());
        this.fwChain = NftNames.firewallChain(svc.name());
    }

    /**
     * Writes the service port. With {@code skip} (partial sync, service unchanged) its chains are only recorded as
     * active and its rules are not written.
     */
    void write(KnftTransaction tx, SyncContext.Storages st, Set<String> activeChains, Set<String> activeAffinitySets, boolean skip) {
        String name = svc.name().toString();
        for (EndpointInfo ep : eps.allReachable()) {
            ensureChain(tx, NftNames.endpointChain(svc.name(), ep), activeChains, skip);
            if (svc.sessionAffinityClientIP()) activeAffinitySets.add(NftNames.affinitySet(svc.name(), ep));
        }
        boolean usesClusterPolicyChain = !eps.cluster().isEmpty() && svc.usesClusterEndpoints();
        if (usesClusterPolicyChain) ensureChain(tx, clusterChain, activeChains, skip);
        boolean usesLocalPolicyChain = !eps.local().isEmpty() && svc.usesLocalEndpoints();
        if (usesLocalPolicyChain) ensureChain(tx, localChain, activeChains, skip);

        boolean hasEndpoints = eps.hasAnyEndpoints();
        String internalChain = clusterChain;
        boolean hasInternalEndpoints = hasEndpoints;
        if (svc.internalPolicyLocal()) {
            internalChain = localChain;
            if (eps.local().isEmpty()) hasInternalEndpoints = false;
        }
        String externalPolicyChain = clusterChain;
        boolean hasExternalEndpoints = hasEndpoints;
        if (svc.externalPolicyLocal()) {
            externalPolicyChain = localChain;
            if (eps.local().isEmpty()) hasExternalEndpoints = false;
        }
        // based on hasEndpoints: the local-traffic short-circuits are needed even without externally usable endpoints
        boolean usesExternalTrafficChain = hasEndpoints && svc.externallyAccessible();
        if (usesExternalTrafficChain) ensureChain(tx, extChain, activeChains, skip);

        String internalVerdict = null, externalVerdict = null;
        if (!hasEndpoints) {
            internalVerdict = externalVerdict = "goto " + REJECT_CHAIN;
        } else {
            if (!hasInternalEndpoints) internalVerdict = "drop";
            if (!hasExternalEndpoints) externalVerdict = "drop";
        }

        // Capture the clusterIP.
        st.clusterIPs().ensure(tx, svc.clusterIP(), null, null);
        if (hasInternalEndpoints) {
            st.serviceIPs().ensure(tx, key(svc.clusterIP()), null, "goto " + internalChain);
        } else {
            st.noEndpointServices().ensure(tx, key(svc.clusterIP()), name, internalVerdict);
        }
        // Capture externalIPs.
        for (String ip : svc.externalIPs()) {
            if (hasEndpoints) st.serviceIPs().ensure(tx, key(ip), null, "goto " + extChain);
            if (!hasExternalEndpoints) st.noEndpointServices().ensure(tx, key(ip), name, externalVerdict);
        }
        boolean usesFWChain = !svc.loadBalancerVIPs().isEmpty() && !svc.loadBalancerSourceRanges().isEmpty();
        if (usesFWChain) ensureChain(tx, fwChain, activeChains, skip);
        // Capture load-balancer ingress.
        for (String lbip : svc.loadBalancerVIPs()) {
            if (hasEndpoints) st.serviceIPs().ensure(tx, key(lbip), null, "goto " + extChain);
            if (usesFWChain) st.firewallIPs().ensure(tx, key(lbip), null, "goto " + fwChain);
        }
        if (!hasExternalEndpoints) {
            for (String lbip : svc.loadBalancerVIPs()) st.noEndpointServices().ensure(tx, key(lbip), name, externalVerdict);
        }
        // Capture nodeports.
        if (svc.nodePort() != 0) {
            String npKey = protocol + " . " + svc.nodePort();
            // nodeports are not subject to loadBalancerSourceRanges
            if (hasEndpoints) st.serviceNodePorts().ensure(tx, npKey, null, "goto " + extChain);
            if (!hasExternalEndpoints) st.noEndpointNodePorts().ensure(tx, npKey, name, externalVerdict);
        }

        if (skip) return;

        // Internal traffic: masquerade off-cluster sources (or everything with --masquerade-all). A packet reaches
        // this chain through @service-ips (protocol and port already matched) or an external chain (destination
        // never the ClusterIP), so the destination address is all there is to check (kubernetes#131492, v1.34).
        if (hasInternalEndpoints) {
            if (ctx.config().masqueradeAll()) {
                tx.addRule(internalChain, "ip daddr " + svc.clusterIP() + " jump " + MARK_MASQ);
            } else if (ctx.localDetector().implemented()) {
                tx.addRule(internalChain, "ip daddr " + svc.clusterIP() + " " + ctx.localDetector().ifNotLocal() + " jump " + MARK_MASQ);
            }
        }
        // External traffic: every external destination goes to the external chain, then to the policy chain.
        if (usesExternalTrafficChain) {
            if (!svc.externalPolicyLocal()) {
                tx.addRule(extChain, "jump " + MARK_MASQ); // the endpoint may be on another node
            } else {
                if (ctx.localDetector().implemented()) {
                    // pod -> external destination: as if it went out to a load balancer and came back
                    tx.addRule(extChain, ctx.localDetector().ifLocal() + " goto " + clusterChain, "short-circuit pod traffic");
                }
                // the node's own traffic has a local address as source: masquerade and use every endpoint
                tx.addRule(extChain, "fib saddr type local jump " + MARK_MASQ, "masquerade local traffic");
                tx.addRule(extChain, "fib saddr type local goto " + clusterChain, "short-circuit local traffic");
            }
            if (hasExternalEndpoints) tx.addRule(extChain, "goto " + externalPolicyChain);
        }
        if (usesFWChain) {
            List<String> sources = new ArrayList<>();
            boolean allowFromNode = false;
            String nodeIP = ctx.config().primaryNodeIP();
            for (Cidr cidr : svc.loadBalancerSourceRanges()) {
                sources.add(cidr.toString());
                if (nodeIP != null && cidr.contains(Ip4.parse(nodeIP))) allowFromNode = true;
            }
            // a VIP-like LB's VIP is often local: node-to-VIP traffic loops back with the VIP as source
            if (allowFromNode) sources.addAll(svc.loadBalancerVIPs());
            tx.addRule(fwChain, "ip saddr != { " + String.join(" , ", sources) + " } drop");
        }
        if (svc.sessionAffinityClientIP()) {
            for (EndpointInfo ep : eps.allReachable()) {
                // dynamic: the kernel adds the flag itself, and re-adding the set without it would fail
                tx.addSet(NftNames.affinitySet(svc.name(), ep), "ipv4_addr", List.of("dynamic", "timeout"), svc.stickyMaxAgeSeconds(), null);
            }
        }
        if (usesClusterPolicyChain) writeServiceToEndpointRules(tx, clusterChain, eps.cluster());
        if (usesLocalPolicyChain) writeServiceToEndpointRules(tx, localChain, eps.local());
        for (EndpointInfo ep : eps.allReachable()) {
            String chain = NftNames.endpointChain(svc.name(), ep);
            tx.addRule(chain, "ip saddr " + ep.ip() + " jump " + MARK_MASQ); // hairpin: traffic looping back to its origin
            if (svc.sessionAffinityClientIP()) tx.addRule(chain, "update @" + NftNames.affinitySet(svc.name(), ep) + " { ip saddr }");
            tx.addRule(chain, "meta l4proto " + protocol + " dnat to " + ep);
        }
    }

    /** Affinity lookups first, then one {@code numgen random mod N vmap} over the endpoints. */
    private void writeServiceToEndpointRules(KnftTransaction tx, String chain, List<EndpointInfo> endpoints) {
        if (svc.sessionAffinityClientIP()) {
            for (EndpointInfo ep : endpoints) {
                tx.addRule(chain, "ip saddr @" + NftNames.affinitySet(svc.name(), ep) + " goto " + NftNames.endpointChain(svc.name(), ep));
            }
        }
        StringBuilder sb = new StringBuilder("numgen random mod ").append(endpoints.size()).append(" vmap {");
        for (int i = 0; i < endpoints.size(); i++) {
            sb.append(' ').append(i).append(" : goto ").append(NftNames.endpointChain(svc.name(), endpoints.get(i)));
            if (i != endpoints.size() - 1) sb.append(" ,");
        }
        tx.addRule(chain, sb.append(" }").toString());
    }

    private String key(String ip) {
        return ip + " . " + protocol + " . " + port;
    }

    /** ensureChain with skipCreation: a skipped service's chains are only recorded as active. */
    private static void ensureChain(KnftTransaction tx, String chain, Set<String> active, boolean skip) {
        if (!active.add(chain) || skip) return;
        tx.addChain(chain);
        tx.flushChain(chain);
    }
}
