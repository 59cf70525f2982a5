package io.kdp.linux.nftables;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A table (struct nft_table) of one family: its chains and sets in creation order, and the handle
 * generator its chains, sets and rules share.
 */
public final class NftTable {
    private final NftFamily family;
    private final String name;
    final int handle;
    String comment;
    final Map<String, NftChain> chains = new LinkedHashMap<>();
    final Map<String, NftSet> sets = new LinkedHashMap<>();
    private int handles;

    NftTable(NftFamily family, String name, int handle) {
        this.family = family;
        this.name = name;
        this.handle = handle;
    }

    public NftFamily family() { return family; }

    public String name() { return name; }

    public String comment() { return comment; }

    /** The owner name its hook functions register under: {@code nft ip kube-proxy}. */
    public String owner() {
        return "nft " + family.keyword() + " " + name;
    }

    public NftChain chain(String chainName) { return chains.get(chainName); }

    public Collection<NftChain> chains() { return Collections.unmodifiableCollection(chains.values()); }

    public NftSet set(String setName) { return sets.get(setName); }

    public Collection<NftSet> sets() { return Collections.unmodifiableCollection(sets.values()); }

    /** nf_tables_alloc_handle: the next handle of this table. */
    int nextHandle() {
        return ++handles;
    }

    @Override
    public String toString() {
        return "table " + family.keyword() + " " + name;
    }
}
