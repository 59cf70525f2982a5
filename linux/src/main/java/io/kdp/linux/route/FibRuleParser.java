package io.kdp.linux.route;

import io.kdp.linux.RouteType;
import io.kdp.packet.Cidr;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Parses {@code ip rule add} arguments and {@code ip rule show} lines (ip/iprule.c) into
 * {@link FibRule}s, with iproute2's error messages. Supported selectors: {@code from}, {@code to},
 * {@code fwmark V[/M]}, {@code iif}, {@code oif}, {@code pref}; actions: {@code lookup T}
 * (the default, table main), {@code blackhole}, {@code unreachable}, {@code prohibit}.
 */
public final class FibRuleParser {
    private FibRuleParser() {}

    /** Parses {@code ip rule add} arguments; without {@code pref} the result has pref -1 (kernel default). */
    public static FibRule parseAdd(String args) {
        return parse(args == null ? new String[0] : args.trim().split("\\s+"), -1);
    }

    /** Parses a line of {@code ip rule show}, e.g. {@code 32766:\tfrom all lookup main}. */
    public static FibRule parseShowLine(String line) {
        String s = line == null ? "" : line.trim();
        int colon = s.indexOf(':');
        long pref = colon > 0 ? RtNames.parseUnsignedLong(s.substring(0, colon)) : -1;
        if (pref < 0) throw new RouteSyntaxException("Error: 'ip rule show' line must start with \"PREF:\": \"" + s + "\"");
        return parse(s.substring(colon + 1).trim().split("\\s+"), (int) pref);
    }

    /**
     * Parses {@code ip rule del} arguments into a matcher: only the selectors and action given must
     * match, as the kernel's rule_find does (so {@code del pref 100} removes whatever rule has
     * priority 100).
     */
    public static Predicate<FibRule> parseDelete(String args) {
        Spec s = new Spec();
        s.read(args == null ? new String[0] : args.trim().split("\\s+"));
        return r -> (s.pref < 0 || r.pref() == s.pref)
            && (!s.fromGiven || Objects.equals(r.from(), s.from))
            && (!s.toGiven || Objects.equals(r.to(), s.to))
            && (s.mask == 0 || (r.fwmark() == (s.mark & s.mask) && r.fwmask() == s.mask))
            && (s.iif == null || s.iif.equals(r.iif()))
            && (s.oif == null || s.oif.equals(r.oif()))
            && (s.action == null || s.action == r.action())
            && (s.table == 0 || s.table == r.table());
    }

    private static FibRule parse(String[] w, int pref) {
        Spec s = new Spec();
        s.pref = pref;
        s.read(w);
        RuleAction action = s.action == null ? RuleAction.LOOKUP : s.action;
        int table = s.table;
        if (action == RuleAction.LOOKUP && table == 0) table = RtNames.TABLE_MAIN;
        if (action != RuleAction.LOOKUP) table = 0;
        return new FibRule(s.pref, s.from, s.to, s.mark & s.mask, s.mask, s.iif, s.oif, action, table);
    }

    /** The words of a rule command, and which were given. */
    private static final class Spec {
        Cidr from, to;
        boolean fromGiven, toGiven;
        int mark, mask, table, pref = -1;
        String iif, oif;
        RuleAction action;

        void read(String[] w) {
            for (int i = 0; i < w.length; i++) {
                String k = w[i];
                if (k.isEmpty()) continue;
                switch (k) {
                    case "from" -> {
                        from = RouteParser.prefix(value(w, ++i));
                        fromGiven = true;
                        if (from.prefixLength() == 0) from = null;
                    }
                    case "to" -> {
                        to = RouteParser.prefix(value(w, ++i));
                        toGiven = true;
                        if (to.prefixLength() == 0) to = null;
                    }
                    case "iif", "dev" -> iif = value(w, ++i);
                    case "oif" -> oif = value(w, ++i);
                    case "pref", "priority", "preference", "order" -> {
                        String v = value(w, ++i);
                        long p = RtNames.parseUnsignedLong(v);
                        if (p < 0) throw RouteSyntaxException.invalidArgument("preference value is invalid", v);
                        pref = (int) p;
                    }
                    case "fwmark" -> {
                        String v = value(w, ++i);
                        int slash = v.indexOf('/');
                        long m = RtNames.parseUnsignedLong(slash < 0 ? v : v.substring(0, slash));
                        long mk = slash < 0 ? 0xffff_ffffL : RtNames.parseUnsignedLong(v.substring(slash + 1));
                        if (m < 0 || mk < 0) throw RouteSyntaxException.invalidArgument("fwmark value is invalid", v);
                        mark = (int) m;
                        mask = (int) mk;
                    }
                    case "lookup", "table" -> {
                        String v = value(w, ++i);
                        table = RtNames.parseTable(v);
                        if (table == 0) throw RouteSyntaxException.invalidArgument("invalid table ID", v);
                        action = RuleAction.LOOKUP;
                    }
                    default -> {
                        String t = k.equals("type") ? value(w, ++i) : k;
                        RouteType rt = RtNames.parseType(t);
                        if (rt == RouteType.BLACKHOLE) action = RuleAction.BLACKHOLE;
                        else if (rt == RouteType.UNREACHABLE) action = RuleAction.UNREACHABLE;
                        else if (rt == RouteType.PROHIBIT) action = RuleAction.PROHIBIT;
                        else throw RouteSyntaxException.invalidArgument("Failed to parse rule type", t);
                    }
                }
            }
        }
    }

    private static String value(String[] w, int i) {
        if (i >= w.length) throw RouteSyntaxException.incomplete();
        return w[i];
    }
}
