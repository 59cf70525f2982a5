package io.kdp.linux.route;

import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;

/**
 * One policy routing rule ({@code ip rule}, struct fib4_rule). Selectors that are null (or a zero
 * fwmask) match everything.
 *
 * @param pref   priority; lower runs first. -1 in {@link Fib#addRule} means "let the kernel choose"
 * @param from   source prefix, null for {@code all}
 * @param to     destination prefix, null for any
 * @param fwmark mark value compared after masking
 * @param fwmask mark mask; 0 for no fwmark selector
 * @param iif    input device name ({@code lo} for locally generated packets), null for any
 * @param oif    output device name, null for any
 * @param action what a match does
 * @param table  table for {@link RuleAction#LOOKUP}, else 0
 */
public record FibRule(int pref, Cidr from, Cidr to, int fwmark, int fwmask, String iif, String oif, RuleAction action,
                      int table) {

    public FibRule {
        if (action == null) throw new IllegalArgumentException("rule action is required");
        if (action == RuleAction.LOOKUP && table == 0) throw new IllegalArgumentException("a lookup rule needs a table");
        if (from != null && from.prefixLength() == 0) from = null;
        if (to != null && to.prefixLength() == 0) to = null;
        if (from != null) from = from.toNetwork();
        if (to != null) to = to.toNetwork();
        if (fwmask == 0 && fwmark != 0) throw new IllegalArgumentException("fwmark 0x" + Integer.toHexString(fwmark) + " with mask 0 never matches");
    }

    /** {@code from all lookup TABLE} at priority {@code pref}. */
    public static FibRule lookup(int pref, int table) {
        return new FibRule(pref, null, null, 0, 0, null, null, RuleAction.LOOKUP, table);
    }

    /** {@code fwmark VALUE/MASK lookup TABLE}, the form Calico and Cilium install. */
    public static FibRule fwmark(int pref, int value, int mask, int table) {
        return new FibRule(pref, null, null, value, mask, null, null, RuleAction.LOOKUP, table);
    }

    public FibRule withPref(int p) {
        return new FibRule(p, from, to, fwmark, fwmask, iif, oif, action, table);
    }

    /** Whether the rule's selectors match the flow. Does not allocate. */
    public boolean matches(int dst, int src, int mark, String inDev, String outDev) {
        if (from != null && !from.contains(src)) return false;
        if (to != null && !to.contains(dst)) return false;
        if (((mark ^ fwmark) & fwmask) != 0) return false;
        if (iif != null && !iif.equals(inDev)) return false;
        return oif == null || oif.equals(outDev);
    }

    /** The line {@code ip rule show} prints, e.g. {@code 100:\tfrom all fwmark 0xa00/0xf00 lookup 2004}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(Integer.toUnsignedString(pref)).append(":\tfrom ").append(from == null ? "all" : prefix(from));
        if (to != null) sb.append(" to ").append(prefix(to));
        if (fwmask != 0) {
            sb.append(" fwmark 0x").append(Integer.toHexString(fwmark));
            if (fwmask != -1) sb.append("/0x").append(Integer.toHexString(fwmask));
        }
        if (iif != null) sb.append(" iif ").append(iif);
        if (oif != null) sb.append(" oif ").append(oif);
        if (action == RuleAction.LOOKUP) sb.append(" lookup ").append(RtNames.tableName(table));
        else sb.append(' ').append(action.keyword());
        return sb.toString();
    }

    private static String prefix(Cidr c) {
        return c.prefixLength() == 32 ? Ip4.format(c.network()) : c.toString();
    }
}
