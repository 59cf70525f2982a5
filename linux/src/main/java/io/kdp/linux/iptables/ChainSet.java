package io.kdp.linux.iptables;

import io.kdp.linux.netfilter.Hook;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chains of one table as a restore edits them: built-ins in hook order, user chains sorted
 * by name as libiptc keeps them (and so as iptables-save lists them).
 */
final class ChainSet {
    final TableKind kind;
    final Map<Hook, Chain> builtins = new EnumMap<>(Hook.class);
    final TreeMap<String, Chain> users = new TreeMap<>();

    ChainSet(TableKind kind) {
        this.kind = kind;
        for (Hook h : kind.hooks()) builtins.put(h, new Chain(h.name(), h, StandardTarget.ACCEPT));
    }

    ChainSet copy() {
        ChainSet c = new ChainSet(kind);
        for (Chain b : builtins.values()) c.builtins.put(b.hook(), b.copy());
        for (Chain u : users.values()) c.users.put(u.name(), u.copy());
        return c;
    }

    Chain get(String name) {
        Chain u = users.get(name);
        if (u != null) return u;
        for (Chain b : builtins.values()) if (b.name().equals(name)) return b;
        return null;
    }

    /** Built-ins first, then user chains by name. */
    List<Chain> all() {
        List<Chain> l = new ArrayList<>(builtins.values());
        l.addAll(users.values());
        return l;
    }

    /** How many rules jump or go to {@code name}. */
    int references(String name) {
        int n = 0;
        for (Chain c : all()) for (Rule r : c.rules) if (r.target() instanceof JumpTarget j && j.chain().equals(name)) n++;
        return n;
    }
}
