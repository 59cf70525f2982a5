package io.kdp.linux.conntrack;

import io.kdp.packet.IpProtocol;
import java.util.SplittableRandom;

/**
 * get_unique_tuple and its helpers (net/netfilter/nf_nat_core.c, kernel 6.x): choose the tuple a
 * connection will look like after a NAT manip so that its reply tuple is unique in the table.
 * Port offsets come from the namespace's seeded random (get_random_u16), so runs are reproducible.
 */
final class NatTupleChooser {
    /** NF_NAT_MAX_ATTEMPTS. */
    static final int MAX_ATTEMPTS = 128;
    /** NF_NAT_HARDER_THRESH. */
    static final int HARDER_THRESH = MAX_ATTEMPTS / 4;

    private final Conntrack conntrack;
    private final BySource bySource;

    NatTupleChooser(Conntrack conntrack, BySource bySource) {
        this.conntrack = conntrack;
        this.bySource = bySource;
    }

    /** get_unique_tuple. */
    ConntrackTuple choose(ConntrackTuple orig, NatRange range, ConntrackEntry ct, NatType manip) {
        boolean randomAll = range.random() || range.randomFully();
        // 1) SRC: keep the original if it is in range and unique, else reuse this source's current mapping.
        if (manip == NatType.SRC && !randomAll) {
            if (inRange(orig, range)) {
                if (!used(orig, ct)) return orig;
            } else {
                ConntrackTuple t = findAppropriateSrc(orig, range);
                if (t != null && !used(t, ct)) return t;
            }
        }
        // 2) Select the address.
        ConntrackTuple tuple = findBestIps(orig, range, manip);
        // 3) Only bother mapping the port if it is not already in range and unique.
        if (!randomAll) {
            if (range.portSpecified()) {
                if (l4protoInRange(tuple, manip, range.minPort(), range.maxPort())
                        && (range.minPort() == range.maxPort() || !used(tuple, ct))) {
                    return tuple;
                }
            } else if (!used(tuple, ct)) {
                return tuple;
            }
        }
        return uniquePort(tuple, range, manip, ct);
    }

    private long now() {
        return conntrack.ns().clock().nanos();
    }

    /** nf_nat_used_tuple: would the reply of {@code tuple} clash with an existing entry? */
    private boolean used(ConntrackTuple tuple, ConntrackEntry ct) {
        return conntrack.table().taken(tuple.invert(), ct, now());
    }

    static boolean mapIps(NatRange r) {
        return r.minAddress() != 0 || r.maxAddress() != 0;
    }

    /** nf_in_range: is the tuple's source (address, and port if specified) within the range? */
    static boolean inRange(ConntrackTuple t, NatRange range) {
        if (mapIps(range) && (Integer.compareUnsigned(t.src(), range.minAddress()) < 0
                || Integer.compareUnsigned(t.src(), range.maxAddress()) > 0)) {
            return false;
        }
        if (!range.portSpecified()) return true;
        return l4protoInRange(t, NatType.SRC, range.minPort(), range.maxPort());
    }

    /** l4proto_in_range: the manipulable part (ICMP id, or the manip side's port) within [min, max]. */
    static boolean l4protoInRange(ConntrackTuple t, NatType manip, int min, int max) {
        if (t.protocol() == IpProtocol.ICMP) return t.srcPort() >= min && t.srcPort() <= max;
        if (!ConntrackTuple.hasPorts(t.protocol())) return true;
        int port = manip == NatType.SRC ? t.srcPort() : t.dstPort();
        return port >= min && port <= max;
    }

    /** find_appropriate_src: an existing SNAT of the same source (protocol, address, port) whose mapping fits the range. */
    private ConntrackTuple findAppropriateSrc(ConntrackTuple orig, NatRange range) {
        long now = now();
        for (ConntrackEntry e : bySource.candidates(orig)) {
            if (!e.confirmed() || e.expired(now)) continue;
            ConntrackTuple mapped = e.reply().invert();
            ConntrackTuple result = new ConntrackTuple(mapped.src(), orig.dst(), orig.protocol(), mapped.srcPort(), orig.dstPort());
            if (inRange(result, range)) return result;
        }
        return null;
    }

    /**
     * find_best_ips_proto: one address is trivial; for a range the kernel hashes the source (and,
     * unless --persistent, the destination) with jhash2 and scales into the range. Addresses are
     * hashed as the little-endian host reads network-order words.
     */
    static ConntrackTuple findBestIps(ConntrackTuple tuple, NatRange range, NatType manip) {
        if (!mapIps(range)) return tuple;
        int chosen;
        if (range.minAddress() == range.maxAddress()) {
            chosen = range.minAddress();
        } else {
            int j = io.kdp.packet.Jhash.jhash2(Integer.reverseBytes(tuple.src()), 0, 0, 1, range.persistent() ? 0 : Integer.reverseBytes(tuple.dst()));
            int dist = range.maxAddress() - range.minAddress() + 1;
            chosen = range.minAddress() + io.kdp.packet.Jhash.reciprocalScale(j, dist);
        }
        return manip == NatType.SRC ? tuple.withSrc(chosen, tuple.srcPort()) : tuple.withDst(chosen, tuple.dstPort());
    }

    /** nf_nat_l4proto_unique_tuple. */
    private ConntrackTuple uniquePort(ConntrackTuple tuple, NatRange range, NatType manip, ConntrackEntry ct) {
        int proto = tuple.protocol();
        boolean icmp = proto == IpProtocol.ICMP;
        boolean src;
        int min;
        int rangeSize;
        if (icmp) {
            src = true; // the id is the same for either direction
            if (!range.portSpecified()) {
                min = 0;
                rangeSize = 65536;
            } else {
                min = range.minPort();
                rangeSize = range.maxPort() - range.minPort() + 1;
            }
        } else if (ConntrackTuple.hasPorts(proto)) {
            src = manip == NatType.SRC;
            int key = src ? tuple.srcPort() : tuple.dstPort();
            if (!range.portSpecified()) {
                if (manip == NatType.DST) return tuple; // a DST rewrite without ports cannot change the port
                if (key < 1024) {
                    // Loose convention: below 512 is credential passing
                    if (key < 512) {
                        min = 1;
                        rangeSize = 511;
                    } else {
                        min = 600;
                        rangeSize = 1023 - 600 + 1;
                    }
                } else {
                    min = 1024;
                    rangeSize = 65535 - 1024 + 1;
                }
            } else {
                int lo = Math.min(range.minPort(), range.maxPort());
                int hi = Math.max(range.minPort(), range.maxPort());
                min = lo;
                rangeSize = hi - lo + 1;
            }
        } else {
            return tuple;
        }

        SplittableRandom random = conntrack.ns().random();
        int off = random.nextInt(65536);
        int attempts = Math.min(rangeSize, MAX_ATTEMPTS);
        ConntrackTuple candidate = tuple;
        while (true) {
            for (int i = 0; i < attempts; i++, off = (off + 1) & 0xffff) {
                int port = min + off % rangeSize;
                candidate = src ? candidate.withSrc(candidate.src(), port) : candidate.withDst(candidate.dst(), port);
                if (!usedHarder(candidate, ct, attempts - i)) return candidate;
            }
            if (attempts >= rangeSize || attempts < 16) return candidate; // give up: confirm will find the clash
            attempts /= 2;
            off = random.nextInt(65536);
        }
    }

    /**
     * nf_nat_used_tuple_harder: during the last attempts for a TCP SYN, a clashing connection of our
     * own SNAT that is in TIME_WAIT or later, and whose sequence numbers the new SYN has passed, is
     * evicted so its port can be reused.
     */
    private boolean usedHarder(ConntrackTuple tuple, ConntrackEntry ct, int attemptsLeft) {
        ConntrackTuple reply = tuple.invert();
        if (attemptsLeft > HARDER_THRESH || tuple.protocol() != IpProtocol.TCP || ct.tcpState() != TcpState.SYN_SENT) {
            return conntrack.table().taken(reply, ct, now());
        }
        ConntrackEntry other = conntrack.table().find(reply, now());
        if (other == null) return false;
        if (other.original().equals(reply) || other == ct) return true;
        boolean mayKill = other.tcpState() != null && other.tcpState().ordinal() >= TcpState.TIME_WAIT.ordinal()
                && !other.has(CtStatus.FIXED_TIMEOUT) && !other.has(CtStatus.DYING) && other.has(CtStatus.SRC_NAT);
        if (!mayKill) return true;
        boolean seqAdvanced = ct.tcp().seen[0].tdEnd - other.tcp().seen[0].tdEnd > 0;
        if (!seqAdvanced) return true;
        conntrack.kill(other);
        return false;
    }
}
