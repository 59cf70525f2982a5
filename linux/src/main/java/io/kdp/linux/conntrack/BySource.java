package io.kdp.linux.conntrack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * nf_nat_bysource: connections with a SRC binding, indexed by their original source (protocol,
 * address, port), so a source keeps the same mapping across connections where possible.
 */
final class BySource {
    private final Map<ConntrackTuple, List<ConntrackEntry>> index = new HashMap<>();

    private static ConntrackTuple key(ConntrackTuple t) {
        return new ConntrackTuple(t.src(), 0, t.protocol(), t.srcPort(), 0);
    }

    void add(ConntrackEntry e) {
        index.computeIfAbsent(key(e.original()), k -> new ArrayList<>()).add(e);
    }

    void remove(ConntrackEntry e) {
        ConntrackTuple k = key(e.original());
        List<ConntrackEntry> l = index.get(k);
        if (l != null && l.remove(e) && l.isEmpty()) index.remove(k);
    }

    List<ConntrackEntry> candidates(ConntrackTuple orig) {
        return index.getOrDefault(key(orig), List.of());
    }
}
