package io.kdp.linux;

import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Step;

/** Runs a netfilter hook on the packet path (NF_HOOK) and turns a non-ACCEPT verdict into an outcome. */
final class Verdicts {
    private Verdicts() {}

    /** Returns true when the packet may go on. */
    static boolean hook(Hook hook, SkBuff skb) {
        NetNamespace ns = skb.ns();
        if (ns.tracer().enabled() && !ns.netfilter().entries(hook).isEmpty()) {
            StringBuilder owners = new StringBuilder();
            for (HookEntry e : ns.netfilter().entries(hook)) {
                if (owners.length() > 0) owners.append(", ");
                owners.append(e.owner()).append(' ').append(e.priority() == Integer.MAX_VALUE ? "last" : Integer.toString(e.priority()));
            }
            ns.tracer().step(ns.name(), new Step.HookEntered(hook.name(), owners.toString()));
        }
        Verdict v = ns.netfilter().run(hook, skb);
        if (v == Verdict.ACCEPT) return true;
        if (v == Verdict.STOLEN) {
            // NF_STOLEN: the hook function took the packet and sends it on itself (IPVS); its journey goes on.
            return false;
        }
        String reason = skb.dropReason() != null ? skb.dropReason() : "dropped at " + hook;
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Drop(reason));
        ns.backlog().outcome(ns.name(), skb.rejected() ? Disposition.REJECTED : Disposition.DROPPED, reason);
        return false;
    }

    /** Ends the packet's journey here with a drop step. */
    static void end(NetNamespace ns, Disposition d, String reason) {
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Drop(reason));
        ns.backlog().outcome(ns.name(), d, reason);
    }
}
