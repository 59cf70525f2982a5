package io.kdp.kubeproxy.iptables;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.iptables.Chain;
import io.kdp.linux.iptables.Iptables;
import io.kdp.linux.iptables.Rule;
import io.kdp.linux.iptables.Table;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads an {@link IptablesSyncResult} into a node's emulated iptables the way kube-proxy's utiliptables does:
 * {@code EnsureChain} ({@code -N} unless the chain exists), {@code EnsureRule(Prepend)} ({@code -C}, and
 * {@code -I} when the check fails), then {@code iptables-restore --noflush --counters} of the restore text.
 */
final class IptablesLoader {
    /** The name restore errors cite. */
    static final String SOURCE = "kube-proxy iptables-restore input";

    private IptablesLoader() {}

    /** The user-defined chains of the node's nat table ({@code iptables-save -t nat} chain lines). */
    static Set<String> natChains(NetNamespace node) {
        Set<String> out = new TreeSet<>();
        Table nat = node.iptables().table("nat");
        if (nat == null) return out;
        for (Chain c : nat.chains()) if (!c.builtin()) out.add(c.name());
        return out;
    }

    static void load(NetNamespace node, IptablesSyncResult r) {
        Iptables ipt = node.iptables();
        for (EnsuredChain c : r.ensuredChains()) ensureChain(ipt, c);
        for (EnsuredRule rule : r.ensuredRules()) ensureRule(ipt, rule);
        ipt.restore(SOURCE, r.restoreText(), true, true);
    }

    private static void ensureChain(Iptables ipt, EnsuredChain c) {
        Table t = ipt.table(c.table());
        if (t != null && t.chain(c.chain()) != null) return;
        ipt.command(c.command());
    }

    /**
     * {@code -C} then {@code -I}: the rule is inserted at the top, and removed again if the chain already held the
     * same rule (compared by the emulator's own iptables-save text, as {@code -C} compares the kernel entries).
     */
    private static void ensureRule(Iptables ipt, EnsuredRule rule) {
        ipt.command(rule.insertCommand());
        List<Rule> rules = ipt.table(rule.table()).chain(rule.chain()).rules();
        String spec = rules.get(0).spec();
        for (int i = 1; i < rules.size(); i++) {
            if (rules.get(i).spec().equals(spec)) {
                ipt.command("-t " + rule.table() + " -D " + rule.chain() + " 1");
                return;
            }
        }
    }
}
