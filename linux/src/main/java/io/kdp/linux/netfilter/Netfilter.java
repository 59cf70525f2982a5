package io.kdp.linux.netfilter;

import io.kdp.linux.SkBuff;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The hook registry of one network namespace (net->nf.hooks_ipv4). Functions at a hook run in
 * ascending priority; registration order breaks ties, as nf_register_net_hook does. The first
 * verdict other than ACCEPT ends the traversal (nf_hook_slow).
 */
public final class Netfilter {
    private final Map<Hook, HookEntry[]> hooks = new EnumMap<>(Hook.class);

    public Netfilter() {
        for (Hook h : Hook.values()) hooks.put(h, new HookEntry[0]);
    }

    /** Registers a hook function. */
    public void register(HookEntry entry) {
        List<HookEntry> list = new ArrayList<>(List.of(hooks.get(entry.hook())));
        list.add(entry);
        list.sort(Comparator.comparingInt(HookEntry::priority)); // stable: ties keep registration order
        hooks.put(entry.hook(), list.toArray(new HookEntry[0]));
    }

    /** Removes every function registered by {@code owner}. */
    public void unregister(String owner) {
        for (Hook h : Hook.values()) {
            hooks.put(h, java.util.Arrays.stream(hooks.get(h)).filter(e -> !e.owner().equals(owner)).toArray(HookEntry[]::new));
        }
    }

    /** The functions at a hook in the order they run. */
    public List<HookEntry> entries(Hook hook) {
        return List.of(hooks.get(hook));
    }

    /** Runs the hook's functions in order (NF_HOOK); returns ACCEPT only if every one accepted. */
    public Verdict run(Hook hook, SkBuff skb) {
        for (HookEntry e : hooks.get(hook)) {
            Verdict v = e.function().apply(skb, hook);
            if (v != Verdict.ACCEPT) return v;
        }
        return Verdict.ACCEPT;
    }
}
