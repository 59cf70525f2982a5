package io.kdp.cni.bgp;

import java.util.Comparator;

/**
 * Best-path selection between two paths to one prefix at one speaker (see {@link DecisionStep}).
 */
public final class DecisionProcess {
    private DecisionProcess() {}

    /** The outcome of comparing two paths: which is better and which step decided. */
    public record Result(int sign, DecisionStep step) {
        /** Whether the first path is preferred. */
        public boolean firstWins() {
            return sign < 0;
        }
    }

    /** Orders paths best first. */
    public static Comparator<BgpRoute> order(long localAs) {
        return (a, b) -> compare(a, b, localAs).sign();
    }

    /** Compares {@code a} with {@code b}: sign < 0 when {@code a} is preferred. */
    public static Result compare(BgpRoute a, BgpRoute b, long localAs) {
        int c = Integer.compare(b.preference(), a.preference());
        if (c != 0) return new Result(c, DecisionStep.PREFERENCE);
        if (a.isLocal() || b.isLocal()) {
            // Two local routes for one prefix do not coexist; keep the order total anyway.
            return new Result(Boolean.compare(b.isLocal(), a.isLocal()), DecisionStep.PREFERENCE);
        }
        PathAttributes x = a.attributes(), y = b.attributes();
        c = Long.compare(localPref(y), localPref(x));
        if (c != 0) return new Result(c, DecisionStep.LOCAL_PREF);
        c = Integer.compare(x.asPath().length(), y.asPath().length());
        if (c != 0) return new Result(c, DecisionStep.AS_PATH_LENGTH);
        c = Integer.compare(x.origin().code(), y.origin().code());
        if (c != 0) return new Result(c, DecisionStep.ORIGIN);
        if (x.asPath().neighborAs(localAs) == y.asPath().neighborAs(localAs)) {
            c = Long.compare(x.medOrZero(), y.medOrZero());
            if (c != 0) return new Result(c, DecisionStep.MED);
        }
        c = Boolean.compare(b.isExternal(), a.isExternal());
        if (c != 0) return new Result(c, DecisionStep.EBGP_OVER_IBGP);
        // IGP_COST: equal by construction.
        c = Integer.compareUnsigned(a.routerIdForTieBreak(), b.routerIdForTieBreak());
        if (c != 0) return new Result(c, DecisionStep.ROUTER_ID);
        c = Integer.compare(x.clusterList().size(), y.clusterList().size());
        if (c != 0) return new Result(c, DecisionStep.CLUSTER_LIST_LENGTH);
        c = Integer.compareUnsigned(a.from().address(), b.from().address());
        if (c != 0) return new Result(c, DecisionStep.PEER_ADDRESS);
        return new Result(0, DecisionStep.EQUAL);
    }

    /** LOCAL_PREF of a path; an eBGP path without one gets the default on import. */
    private static long localPref(PathAttributes p) {
        return p.localPref() < 0 ? PathAttributes.DEFAULT_LOCAL_PREF : p.localPref();
    }
}
