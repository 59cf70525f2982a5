package io.kdp.cni.calico.felix;

import io.kdp.k8s.model.PolicyType;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.policy.Connection;
import io.kdp.k8s.policy.DirectionVerdict;
import io.kdp.k8s.policy.Outcome;
import io.kdp.k8s.policy.PolicyEngine;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.SkBuff;
import io.kdp.linux.conntrack.CtInfo;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.Priority;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Step;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import java.util.Set;

/**
 * Names the NetworkPolicy decision in a trace: a netfilter function just before the filter table
 * at FORWARD (and INPUT, for a workload talking to its host) that, only when tracing is on and only
 * for the first packet of a connection, asks the {@link PolicyEngine} which policy rule Felix's
 * chains are about to apply, and records {@code policy calico <ns/name> ingress[0] => allow} or
 * {@code policy calico <ns/name, ...> => deny} for the egress of a workload on this node and the
 * ingress of one. The cali-pi-/cali-po- chains compiled from the same engine then show the iptables
 * rules that carry the decision. With tracing off it returns at once; it never changes a verdict.
 * Connections the engine does not model (ICMP) get no policy step.
 */
public final class PolicyTraceHook {
    /** The owner name the hook is registered under (shown in the trace's hook lines). */
    public static final String OWNER = "calico-policy-trace";

    private PolicyTraceHook() {}

    /** Registers the hook on {@code ns}; {@code workloads} are the node's workload interface names. */
    public static void install(NetNamespace ns, PolicyEngine engine, Set<String> workloads) {
        ns.netfilter().unregister(OWNER);
        ns.netfilter().register(new HookEntry(Hook.FORWARD, Priority.FILTER - 1, OWNER, (skb, hook) -> observe(ns, engine, workloads, skb, hook)));
        ns.netfilter().register(new HookEntry(Hook.INPUT, Priority.FILTER - 1, OWNER, (skb, hook) -> observe(ns, engine, workloads, skb, hook)));
    }

    private static Verdict observe(NetNamespace ns, PolicyEngine engine, Set<String> workloads, SkBuff skb, Hook hook) {
        if (!ns.tracer().enabled() || skb.ctInfo() != CtInfo.NEW) return Verdict.ACCEPT;
        Packet p = skb.packet();
        Protocol proto = p.protocol() == IpProtocol.TCP ? Protocol.TCP : p.protocol() == IpProtocol.UDP ? Protocol.UDP : null;
        if (proto == null || p.dstPort() < 1) return Verdict.ACCEPT;
        boolean fromWorkload = skb.inName() != null && workloads.contains(skb.inName());
        boolean toWorkload = hook == Hook.FORWARD && skb.outName() != null && workloads.contains(skb.outName());
        if (!fromWorkload && !toWorkload) return Verdict.ACCEPT;
        Connection c = new Connection(engine.endFor(io.kdp.packet.Ip4.format(p.src())), engine.endFor(io.kdp.packet.Ip4.format(p.dst())), proto, p.dstPort());
        var v = engine.evaluate(c);
        if (fromWorkload) step(ns, v.egress());
        if (toWorkload && v.egress().allowed()) step(ns, v.ingress());
        return Verdict.ACCEPT;
    }

    private static void step(NetNamespace ns, DirectionVerdict d) {
        String dir = d.direction() == PolicyType.INGRESS ? "ingress" : "egress";
        if (d.outcome() == Outcome.ALLOWED_BY_RULE) {
            var r = d.rule();
            ns.tracer().step(ns.name(), new Step.Policy("calico", r.policyKey(), dir + "[" + r.index() + "]", "allow"));
        } else if (d.outcome() == Outcome.DENIED) {
            ns.tracer().step(ns.name(), new Step.Policy("calico", String.join(", ", d.selectingKeys()), dir, "deny"));
        }
    }
}
