package io.kdp.linux.nftables;

import io.kdp.linux.netfilter.Hook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The changes of one {@code nft -f} batch, applied as they come with an undo log, so that a failing
 * command rolls the whole batch back (nf_tables_abort). Methods throw {@link KernelError} with the
 * errno text the kernel would return; the parser adds the position.
 */
final class NftTransaction {
    /** An error the kernel would return for a command (ENOENT, EEXIST, EBUSY, EOPNOTSUPP). */
    static final class KernelError extends RuntimeException {
        KernelError(String message) {
            super(message, null, false, false);
        }
    }

    static final String ENOENT = "No such file or directory";
    static final String EEXIST = "File exists";
    static final String EBUSY = "Device or resource busy";
    static final String EOPNOTSUPP = "Operation not supported";

    private final Nftables nft;
    private final List<Runnable> undo = new ArrayList<>();

    NftTransaction(Nftables nft) {
        this.nft = nft;
    }

    void rollback() {
        for (int i = undo.size() - 1; i >= 0; i--) undo.get(i).run();
        undo.clear();
    }

    NftTable table(NftFamily family, String name) {
        NftTable t = nft.table(family, name);
        if (t == null) throw new KernelError(ENOENT);
        return t;
    }

    NftTable addTable(NftFamily family, String name, boolean create) {
        NftTable t = nft.table(family, name);
        if (t != null) {
            if (create) throw new KernelError(EEXIST);
            return t;
        }
        NftTable n = new NftTable(family, name, nft.nextTableHandle());
        nft.tables.add(n);
        undo.add(() -> nft.tables.remove(n));
        return n;
    }

    void tableComment(NftTable t, String comment) {
        String old = t.comment;
        t.comment = comment;
        undo.add(() -> t.comment = old);
    }

    void deleteTable(NftTable t) {
        int i = nft.tables.indexOf(t);
        nft.tables.remove(i);
        undo.add(() -> nft.tables.add(i, t));
    }

    void flushRuleset() {
        List<NftTable> old = new ArrayList<>(nft.tables);
        nft.tables.clear();
        undo.add(() -> nft.tables.addAll(old));
    }

    /** Adds a chain, or updates the policy/comment of an existing one with the same hook. */
    NftChain addChain(NftTable t, String name, NftChain.Type type, Hook hook, int priority, Boolean policyDrop, String comment, boolean create) {
        NftChain c = t.chains.get(name);
        if (c != null) {
            if (create) throw new KernelError(EEXIST);
            if (hook != null && (c.hook() != hook || c.type() != type || c.priority() != priority)) throw new KernelError(EOPNOTSUPP);
            if (policyDrop != null) {
                if (!c.isBase()) throw new KernelError(EOPNOTSUPP);
                boolean old = c.policyDrop;
                c.policyDrop = policyDrop;
                undo.add(() -> c.policyDrop = old);
            }
            if (comment != null) {
                String old = c.comment;
                c.comment = comment;
                undo.add(() -> c.comment = old);
            }
            return c;
        }
        if (hook == null && policyDrop != null) throw new KernelError(EOPNOTSUPP);
        if (type == NftChain.Type.NAT && hook == Hook.FORWARD) throw new KernelError(EOPNOTSUPP);
        if (type == NftChain.Type.ROUTE && hook != Hook.OUTPUT) throw new KernelError(EOPNOTSUPP);
        NftChain n = new NftChain(name, t.nextHandle(), type, hook, priority, policyDrop != null && policyDrop);
        n.comment = comment;
        t.chains.put(name, n);
        undo.add(() -> t.chains.remove(name));
        return n;
    }

    NftChain chain(NftTable t, String name) {
        NftChain c = t.chains.get(name);
        if (c == null) throw new KernelError(ENOENT);
        return c;
    }

    void deleteChain(NftTable t, NftChain c) {
        if (c.use > 0 || !c.rules.isEmpty()) throw new KernelError(EBUSY);
        Map<String, NftChain> old = new java.util.LinkedHashMap<>(t.chains);
        t.chains.remove(c.name());
        undo.add(() -> {
            t.chains.clear();
            t.chains.putAll(old);
        });
    }

    /** Checks the rule's jump targets and counts its references. */
    private void reference(NftTable t, NftRule r, int delta) {
        for (NftExpr e : r.exprs) {
            e.targets(name -> {
                NftChain c = t.chains.get(name);
                if (c == null) throw new KernelError(ENOENT);
                if (c.isBase()) throw new KernelError(EOPNOTSUPP);
                c.use += delta;
            });
            NftSet s = e.set();
            if (s != null) s.use += delta;
        }
    }

    void addRule(NftTable t, NftChain c, NftRule r, boolean prepend) {
        reference(t, r, +1);
        if (prepend) c.rules.add(0, r);
        else c.rules.add(r);
        undo.add(() -> {
            c.rules.remove(r);
            reference(t, r, -1);
        });
    }

    void deleteRule(NftTable t, NftChain c, int handle) {
        for (int i = 0; i < c.rules.size(); i++) {
            NftRule r = c.rules.get(i);
            if (r.handle() == handle) {
                int at = i;
                c.rules.remove(i);
                reference(t, r, -1);
                undo.add(() -> {
                    reference(t, r, +1);
                    c.rules.add(at, r);
                });
                return;
            }
        }
        throw new KernelError(ENOENT);
    }

    void flushChain(NftTable t, NftChain c) {
        List<NftRule> old = new ArrayList<>(c.rules);
        for (NftRule r : old) reference(t, r, -1);
        c.rules.clear();
        undo.add(() -> {
            c.rules.addAll(old);
            for (NftRule r : old) reference(t, r, +1);
        });
    }

    NftSet addSet(NftTable t, NftSet s, boolean create) {
        NftSet old = t.sets.get(s.name());
        if (old != null) {
            if (create) throw new KernelError(EEXIST);
            if (!old.typeText().equals(s.typeText()) || old.flags != s.flags) throw new KernelError(EEXIST);
            return old;
        }
        s.handle = t.nextHandle();
        t.sets.put(s.name(), s);
        undo.add(() -> t.sets.remove(s.name()));
        return s;
    }

    NftSet set(NftTable t, String name) {
        NftSet s = t.sets.get(name);
        if (s == null) throw new KernelError(ENOENT);
        return s;
    }

    void deleteSet(NftTable t, NftSet s) {
        if (s.use > 0) throw new KernelError(EBUSY);
        Map<String, NftSet> old = new java.util.LinkedHashMap<>(t.sets);
        t.sets.remove(s.name());
        undo.add(() -> {
            t.sets.clear();
            t.sets.putAll(old);
        });
    }

    private static void elementReference(NftTable t, NftElement e, int delta) {
        if (e.verdict == null || e.verdict.chain() == null) return;
        NftChain c = t.chains.get(e.verdict.chain());
        if (c == null) throw new KernelError(ENOENT);
        if (c.isBase()) throw new KernelError(EOPNOTSUPP);
        c.use += delta;
    }

    void addElement(NftTable t, NftSet s, NftElement e, boolean create) {
        NftElement old = s.get(e);
        if (old != null && !old.expired(nft.now())) {
            if (create || !old.sameData(e)) throw new KernelError(EEXIST);
            return;
        }
        if (s.overlapping(e) != null) throw new KernelError(EEXIST);
        if (old != null) s.remove(old);
        elementReference(t, e, +1);
        s.add(e);
        undo.add(() -> {
            s.remove(e);
            elementReference(t, e, -1);
            if (old != null) s.add(old);
        });
    }

    void deleteElement(NftTable t, NftSet s, NftElement probe, boolean destroy) {
        NftElement old = s.get(probe);
        if (old == null) {
            if (destroy) return;
            throw new KernelError(ENOENT);
        }
        s.remove(old);
        elementReference(t, old, -1);
        undo.add(() -> {
            elementReference(t, old, +1);
            s.add(old);
        });
    }

    void flushSet(NftTable t, NftSet s) {
        List<NftElement> old = s.snapshot();
        for (NftElement e : old) elementReference(t, e, -1);
        s.clear();
        undo.add(() -> {
            for (NftElement e : old) {
                elementReference(t, e, +1);
                s.add(e);
            }
        });
    }
}
