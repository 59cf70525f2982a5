package io.kdp.kubeproxy.iptables;

import static io.kdp.kubeproxy.iptables.SyncContext.quoted;

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
 * The rules of one service port, written in the order of the per-service loop of kube-proxy's
 * {@code syncProxyRules} (pkg/proxy/iptables/proxier.go): the capture rules in KUBE-SERVICES / KUBE-NODEPORTS
 * and the filter table's REJECT/DROP/ACCEPT rules (always written), then the service's own nat chains
 * (KUBE-SVC/SVL masquerade rule, KUBE-EXT, KUBE-FW, KUBE-SVC, KUBE-SVL, KUBE-SEP), which a partial sync writes
 * only for changed services.
 */
final class ServicePortRules {
    static final String KUBE_SERVICES = "KUBE-SERVICES", KUBE_EXTERNAL_SERVICES = "KUBE-EXTERNAL-SERVICES",
            KUBE_NODEPORTS = "KUBE-NODEPORTS", KUBE_MARK_MASQ = "KUBE-MARK-MASQ", KUBE_PROXY_FIREWALL = "KUBE-PROXY-FIREWALL";

    private final SyncContext ctx;
    private final ServicePortInfo svc;
    private final EndpointCategories eps;
    private final String name, protocol, port;
    private final String clusterChain, localChain, extChain, fwChain;

    ServicePortRules(SyncContext ctx, ServicePortInfo svc, List<EndpointInfo> endpoints) {
        this.ctx = ctx;
        this.svc = svc;
        this.eps = Topology.categorize(endpoints, svc);
        this.name = svc.name().toString();
        this.protocol = svc.protocolLower();
        this.port = Integer.toString(svc.port());
        this.clusterChain = ChainNames.serviceChain(svc.name());
        this.localChain = ChainNames.localChain(svc.name());
        this.extChain = ChainNames.externalChain(svc.name());
        this.fwChain = ChainNames.firewallChain(svc.name());
    }

    /**
     * Writes the service port's rules. {@code natChains}/{@code natRules} receive its own chains (discarding
     * buffers when a partial sync skips the service); the top-level rules go to {@code top}.
     */
    void write(Buffers top, LineBuffer natChains, LineBuffer natRules, Set<String> activeNatChains) {
        boolean hasEndpoints = eps.hasAnyEndpoints();
        boolean usesClusterPolicyChain = !eps.cluster().isEmpty() && svc.usesClusterEndpoints();
        boolean usesLocalPolicyChain = !eps.local().isEmpty() && svc.usesLocalEndpoints();

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
        // based on hasEndpoints: the short-circuit rules are needed even without externally usable endpoints
        boolean usesExternalTrafficChain = hasEndpoints && svc.externallyAccessible();
        boolean usesFWChain = hasEndpoints && !svc.loadBalancerVIPs().isEmpty() && !svc.loadBalancerSourceRanges().isEmpty();
        String loadBalancerChain = usesFWChain ? fwChain : extChain;

        String internalFilterTarget = null, internalFilterComment = null, externalFilterTarget = null, externalFilterComment = null;
        if (!hasEndpoints) {
            internalFilterTarget = externalFilterTarget = "REJECT";
            internalFilterComment = externalFilterComment = quoted(name + " has no endpoints");
        } else {
            if (!hasInternalEndpoints) {
                internalFilterTarget = "DROP";
                internalFilterComment = quoted(name + " has no local endpoints");
            }
            if (!hasExternalEndpoints) {
                externalFilterTarget = "DROP";
                externalFilterComment = quoted(name + " has no local endpoints");
            }
        }

        // Capture the clusterIP.
        if (hasInternalEndpoints) {
            top.natRules.write("-A", KUBE_SERVICES, "-m", "comment", "--comment", quoted(name + " cluster IP"),
                    "-m", protocol, "-p", protocol, "-d", svc.clusterIP(), "--dport", port, "-j", internalChain);
        } else {
            top.filterRules.write("-A", KUBE_SERVICES, "-m", "comment", "--comment", internalFilterComment,
                    "-m", protocol, "-p", protocol, "-d", svc.clusterIP(), "--dport", port, "-j", internalFilterTarget);
        }
        // Capture externalIPs.
        for (String ip : svc.externalIPs()) {
            if (hasEndpoints) {
                top.natRules.write("-A", KUBE_SERVICES, "-m", "comment", "--comment", quoted(name + " external IP"),
                        "-m", protocol, "-p", protocol, "-d", ip, "--dport", port, "-j", extChain);
            }
            if (!hasExternalEndpoints) {
                top.filterRules.write("-A", KUBE_EXTERNAL_SERVICES, "-m", "comment", "--comment", externalFilterComment,
                        "-m", protocol, "-p", protocol, "-d", ip, "--dport", port, "-j", externalFilterTarget);
            }
        }
        // Capture load-balancer ingress.
        for (String lbip : svc.loadBalancerVIPs()) {
            if (hasEndpoints) {
                top.natRules.write("-A", KUBE_SERVICES, "-m", "comment", "--comment", quoted(name + " loadbalancer IP"),
                        "-m", protocol, "-p", protocol, "-d", lbip, "--dport", port, "-j", loadBalancerChain);
            }
            if (usesFWChain) {
                top.filterRules.write("-A", KUBE_PROXY_FIREWALL, "-m", "comment", "--comment",
                        quoted(name + " traffic not accepted by " + fwChain), "-m", protocol, "-p", protocol,
                        "-d", lbip, "--dport", port, "-j", "DROP");
            }
        }
        if (!hasExternalEndpoints) {
            for (String lbip : svc.loadBalancerVIPs()) {
                top.filterRules.write("-A", KUBE_EXTERNAL_SERVICES, "-m", "comment", "--comment", externalFilterComment,
                        "-m", protocol, "-p", protocol, "-d", lbip, "--dport", port, "-j", externalFilterTarget);
            }
        }
        // Capture nodeports (not subject to loadBalancerSourceRanges).
        if (svc.nodePort() != 0) {
            String nodePort = Integer.toString(svc.nodePort());
            if (hasEndpoints) {
                if (ctx.localhostNodePorts() && ctx.config().nfacct()) {
                    top.natRules.write("-A", KUBE_NODEPORTS, "-m", "comment", "--comment", name, "-m", protocol, "-p", protocol,
                            "-d", "127.0.0.0/8", "--dport", nodePort, "-m", "nfacct", "--nfacct-name", SyncContext.LOCALHOST_NODEPORT_COUNTER,
                            "-j", extChain);
                }
                top.natRules.write("-A", KUBE_NODEPORTS, "-m", "comment", "--comment", name, "-m", protocol, "-p", protocol,
                        "--dport", nodePort, "-j", extChain);
            }
            if (!hasExternalEndpoints) {
                top.filterRules.write("-A", KUBE_EXTERNAL_SERVICES, "-m", "comment", "--comment", externalFilterComment,
                        "-m", "addrtype", "--dst-type", "LOCAL", "-m", protocol, "-p", protocol, "--dport", nodePort,
                        "-j", externalFilterTarget);
            }
        }
        // Capture healthCheckNodePorts: accepted whether or not this node has local endpoints.
        if (svc.healthCheckNodePort() != 0) {
            top.filterRules.write("-A", KUBE_NODEPORTS, "-m", "comment", "--comment", quoted(name + " health check node port"),
                    "-m", "tcp", "-p", "tcp", "--dport", Integer.toString(svc.healthCheckNodePort()), "-j", "ACCEPT");
        }

        // Internal traffic: masquerade off-cluster sources (or all, with --masquerade-all).
        if (hasInternalEndpoints) {
            List<String> args = List.of("-m", "comment", "--comment", quoted(name + " cluster IP"), "-m", protocol, "-p", protocol,
                    "-d", svc.clusterIP(), "--dport", port);
            if (ctx.config().masqueradeAll()) {
                natRules.write("-A", internalChain, args, "-j", KUBE_MARK_MASQ);
            } else if (ctx.localDetector().implemented()) {
                natRules.write("-A", internalChain, args, ctx.localDetector().ifNotLocal(), "-j", KUBE_MARK_MASQ);
            }
        }
        // External traffic: every external destination jumps to KUBE-EXT, which then reaches the policy chain.
        if (usesExternalTrafficChain) {
            natChains.chain(extChain);
            activeNatChains.add(extChain);
            if (!svc.externalPolicyLocal()) {
                natRules.write("-A", extChain, "-m", "comment", "--comment", quoted("masquerade traffic for " + name + " external destinations"),
                        "-j", KUBE_MARK_MASQ);
            } else {
                if (ctx.localDetector().implemented()) {
                    natRules.write("-A", extChain, "-m", "comment", "--comment", quoted("pod traffic for " + name + " external destinations"),
                            ctx.localDetector().ifLocal(), "-j", clusterChain);
                }
                natRules.write("-A", extChain, "-m", "comment", "--comment", quoted("masquerade LOCAL traffic for " + name + " external destinations"),
                        "-m", "addrtype", "--src-type", "LOCAL", "-j", KUBE_MARK_MASQ);
                natRules.write("-A", extChain, "-m", "comment", "--comment", quoted("route LOCAL traffic for " + name + " external destinations"),
                        "-m", "addrtype", "--src-type", "LOCAL", "-j", clusterChain);
            }
            if (hasExternalEndpoints) natRules.write("-A", extChain, "-j", externalPolicyChain);
        }
        // Firewall chain for loadBalancerSourceRanges.
        if (usesFWChain) {
            natChains.chain(fwChain);
            activeNatChains.add(fwChain);
            List<String> args = List.of("-A", fwChain, "-m", "comment", "--comment", quoted(name + " loadbalancer IP"));
            boolean allowFromNode = false;
            String nodeIP = ctx.config().primaryNodeIP();
            for (Cidr cidr : svc.loadBalancerSourceRanges()) {
                natRules.write(args, "-s", cidr.toString(), "-j", extChain);
                if (nodeIP != null && cidr.contains(Ip4.parse(nodeIP))) allowFromNode = true;
            }
            // A VIP-like LB's VIP is often local: node-to-VIP traffic loops back with the VIP as source.
            if (allowFromNode) {
                for (String lbip : svc.loadBalancerVIPs()) natRules.write(args, "-s", lbip, "-j", extChain);
            }
            natRules.write("-A", fwChain, "-m", "comment", "--comment",
                    quoted("other traffic to " + name + " will be dropped by KUBE-PROXY-FIREWALL"));
        }
        if (usesClusterPolicyChain) {
            natChains.chain(clusterChain);
            activeNatChains.add(clusterChain);
            writeServiceToEndpointRules(natRules, clusterChain, eps.cluster());
        }
        if (usesLocalPolicyChain) {
            natChains.chain(localChain);
            activeNatChains.add(localChain);
            writeServiceToEndpointRules(natRules, localChain, eps.local());
        }
        // Per-endpoint chains.
        for (EndpointInfo ep : eps.allReachable()) {
            String sep = ChainNames.endpointChain(svc.name(), ep);
            natChains.chain(sep);
            activeNatChains.add(sep);
            List<String> args = new ArrayList<>(List.of("-A", sep));
            appendComment(args, name);
            natRules.write(args, "-s", ep.ip(), "-j", KUBE_MARK_MASQ); // hairpin: traffic looping back to its origin
            if (svc.sessionAffinityClientIP()) args.addAll(List.of("-m", "recent", "--name", sep, "--set"));
            args.addAll(List.of("-m", protocol, "-p", protocol, "-j", "DNAT", "--to-destination", ep.toString()));
            natRules.write(args);
        }
    }

    /** writeServiceToEndpointRules: affinity rules for every endpoint first, then the probabilistic rules. */
    private void writeServiceToEndpointRules(LineBuffer natRules, String svcChain, List<EndpointInfo> endpoints) {
        if (svc.sessionAffinityClientIP()) {
            for (EndpointInfo ep : endpoints) {
                String sep = ChainNames.endpointChain(svc.name(), ep);
                List<String> args = new ArrayList<>(List.of("-A", svcChain));
                appendComment(args, quoted(name + " -> " + ep));
                args.addAll(List.of("-m", "recent", "--name", sep, "--rcheck", "--seconds", Integer.toString(svc.stickyMaxAgeSeconds()),
                        "--reap", "-j", sep));
                natRules.write(args);
            }
        }
        int n = endpoints.size();
        for (int i = 0; i < n; i++) {
            EndpointInfo ep = endpoints.get(i);
            List<String> args = new ArrayList<>(List.of("-A", svcChain));
            appendComment(args, quoted(name + " -> " + ep));
            if (i < n - 1) args.addAll(List.of("-m", "statistic", "--mode", "random", "--probability", Probability.of(n - i)));
            natRules.write(args, "-j", ChainNames.endpointChain(svc.name(), ep));
        }
    }

    /** appendServiceCommentLocked: comments are dropped in large-cluster mode to shrink the ruleset. */
    private void appendComment(List<String> args, String comment) {
        if (!ctx.largeClusterMode()) args.addAll(List.of("-m", "comment", "--comment", comment));
    }

    /** The four buffers of one sync. */
    static final class Buffers {
        final LineBuffer filterChains = LineBuffer.keeping(), filterRules = LineBuffer.keeping(),
                natChains = LineBuffer.keeping(), natRules = LineBuffer.keeping();
    }
}
