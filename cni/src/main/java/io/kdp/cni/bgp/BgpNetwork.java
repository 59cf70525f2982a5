package io.kdp.cni.bgp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of speakers and the sessions between them, converged by exchanging UPDATEs in rounds
 * until nothing changes. Each round every speaker (in the order added) rebuilds its Loc-RIB, then
 * sends each neighbor (in configuration order) what changed; the result does not depend on
 * timing. Sessions are always Established: this is a routing model, not the wire protocol.
 */
public final class BgpNetwork {
    /** Enough for any loop-free topology of a few thousand speakers. */
    public static final int MAX_ROUNDS = 1000;

    /** One UPDATE as delivered. */
    public record Delivery(int round, String from, String to, String protocol, UpdateMessage update) {}

    private final Map<String, BgpSpeaker> speakers = new LinkedHashMap<>();
    private final List<Delivery> log = new ArrayList<>();

    public BgpSpeaker add(BgpSpeaker s) {
        if (speakers.containsKey(s.name())) throw new IllegalArgumentException("speaker " + s.name() + " already exists");
        for (BgpSpeaker o : speakers.values()) {
            if (o.address() == s.address()) throw new IllegalArgumentException("speakers " + o.name() + " and " + s.name() + " have the same address");
        }
        speakers.put(s.name(), s);
        return s;
    }

    /** The speaker with this name; fails if unknown. */
    public BgpSpeaker speaker(String name) {
        BgpSpeaker s = speakers.get(name);
        if (s == null) throw new IllegalArgumentException("no BGP speaker " + name);
        return s;
    }

    public Collection<BgpSpeaker> speakers() {
        return Collections.unmodifiableCollection(speakers.values());
    }

    /**
     * Configures a session: protocol {@code nameAtA} on {@code a} and {@code nameAtB} on {@code b}.
     * {@code aReflectsB} makes {@code b} a route-reflector client of {@code a} ({@code rr client} on a's side).
     *
     * @return a's end of the session
     */
    public Neighbor connect(BgpSpeaker a, String nameAtA, boolean aReflectsB, BgpSpeaker b, String nameAtB, boolean bReflectsA) {
        if (a == b) throw new IllegalArgumentException("speaker " + a.name() + " cannot peer with itself");
        if (speakers.get(a.name()) != a || speakers.get(b.name()) != b) throw new IllegalArgumentException("both speakers must be added first");
        if ((aReflectsB && (a.asn() != b.asn())) || (bReflectsA && a.asn() != b.asn())) {
            throw new IllegalArgumentException("only an internal neighbor can be an RR client (" + a.name() + " AS" + a.asn() + ", " + b.name() + " AS" + b.asn() + ")");
        }
        Neighbor na = new Neighbor(nameAtA, a, b, aReflectsB);
        Neighbor nb = new Neighbor(nameAtB, b, a, bReflectsA);
        na.reverse = nb;
        nb.reverse = na;
        a.addNeighbor(na);
        b.addNeighbor(nb);
        return na;
    }

    /**
     * Exchanges UPDATEs until every Adj-RIB-Out matches its speaker's Loc-RIB.
     *
     * @return the number of rounds, the last of which sent nothing
     */
    public int converge() {
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            for (BgpSpeaker s : speakers.values()) s.recomputeLocRib();
            boolean sent = false;
            for (BgpSpeaker s : speakers.values()) {
                for (Neighbor n : s.neighbors()) {
                    for (UpdateMessage m : s.updatesFor(n)) {
                        n.remote().receive(n.reverse(), m);
                        log.add(new Delivery(round, s.name(), n.remote().name(), n.name(), m));
                        sent = true;
                    }
                }
            }
            if (!sent) return round;
        }
        throw new IllegalStateException("BGP did not converge in " + MAX_ROUNDS + " rounds");
    }

    /** Every UPDATE delivered so far, in order. */
    public List<Delivery> deliveries() {
        return Collections.unmodifiableList(log);
    }

    public void clearDeliveries() {
        log.clear();
    }
}
