package io.kdp.linux.nftables;

import java.util.List;

/**
 * Renders {@code nft list ruleset} exactly as nftables 1.0.6 prints it: tab indentation, the table
 * comment first, then named sets and maps, then chains, each separated by a blank line; base chain
 * spec lines with named priorities ({@code priority dstnat; policy accept;}); element lists wrapped
 * as nft's calculate_delim does (two addresses, five ports or marks per line, one concatenation).
 */
final class NftWriter {
    private static final String WRAP = ",\n\t\t\t     ";

    private NftWriter() {}

    static String ruleset(List<NftTable> tables, boolean handles, long now) {
        StringBuilder sb = new StringBuilder();
        for (NftTable t : tables) table(sb, t, handles, now);
        return sb.toString();
    }

    private static void table(StringBuilder sb, NftTable t, boolean handles, long now) {
        sb.append("table ").append(t.family().keyword()).append(' ').append(t.name()).append(" {");
        if (handles) sb.append(" # handle ").append(t.handle);
        sb.append('\n');
        if (t.comment != null) sb.append("\tcomment \"").append(t.comment).append("\"\n");
        boolean first = true;
        for (NftSet s : t.sets.values()) {
            if (!first) sb.append('\n');
            first = false;
            set(sb, s, handles, now);
        }
        for (NftChain c : t.chains.values()) {
            if (!first) sb.append('\n');
            first = false;
            chain(sb, t, c, handles);
        }
        sb.append("}\n");
    }

    private static void set(StringBuilder sb, NftSet s, boolean handles, long now) {
        sb.append('\t').append(s.isMap() ? "map " : "set ").append(s.name()).append(" {");
        if (handles) sb.append(" # handle ").append(s.handle);
        sb.append("\n\t\ttype ").append(s.typeText()).append('\n');
        int size = s.size != 0 ? s.size : (s.flags & NftSet.F_DYNAMIC) != 0 ? 65535 : 0;
        if (size != 0) sb.append("\t\tsize ").append(size).append('\n');
        if ((s.flags & (NftSet.F_CONSTANT | NftSet.F_INTERVAL | NftSet.F_DYNAMIC)) != 0) {
            StringBuilder f = new StringBuilder();
            if ((s.flags & NftSet.F_CONSTANT) != 0) f.append(",constant");
            if ((s.flags & NftSet.F_DYNAMIC) != 0) f.append(",dynamic");
            if ((s.flags & NftSet.F_INTERVAL) != 0) f.append(",interval");
            if ((s.flags & NftSet.F_TIMEOUT) != 0) f.append(",timeout");
            sb.append("\t\tflags ").append(f.substring(1)).append('\n');
        }
        if (s.timeoutNanos != 0) sb.append("\t\ttimeout ").append(NftTime.format(s.timeoutNanos)).append('\n');
        if (s.comment != null) sb.append("\t\tcomment \"").append(s.comment).append("\"\n");
        List<NftElement> elements = s.listed(now);
        if (!elements.isEmpty()) {
            sb.append("\t\telements = ");
            elements(sb, s, elements, now, perLine(s));
            sb.append('\n');
        }
        sb.append("\t}\n");
    }

    /** How many elements nft puts on a line (calculate_delim); 0 for one per line. */
    private static int perLine(NftSet s) {
        if (s.keyTypes().length != 1) return 1;
        return switch (s.keyTypes()[0]) {
            case INET_PROTO, INET_SERVICE, MARK, INTEGER -> 5;
            case IPV4_ADDR, CT_STATE -> 2;
            default -> 1;
        };
    }

    private static void elements(StringBuilder sb, NftSet s, List<NftElement> elements, long now, int perLine) {
        sb.append("{ ");
        int count = 0;
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                if (perLine == 0 || count < perLine) sb.append(", ");
                else {
                    sb.append(WRAP);
                    count = 0;
                }
            }
            element(sb, s, elements.get(i), now);
            count++;
        }
        sb.append(" }");
    }

    private static void element(StringBuilder sb, NftSet s, NftElement e, long now) {
        s.renderKey(sb, e);
        if (e.expires != 0) sb.append(" expires ").append(NftTime.format(Math.max(0, e.expires - now)));
        if (e.comment != null) sb.append(" comment \"").append(e.comment).append('"');
        if (e.verdict != null) sb.append(" : ").append(e.verdict);
        else if (s.isMap()) sb.append(" : ").append(s.dataType().format(e.data));
    }

    /** {@code @name}, or an anonymous set or map's elements on one line. */
    static void setReference(StringBuilder sb, NftSet s, long now) {
        if (!s.anonymous()) {
            sb.append('@').append(s.name());
            return;
        }
        elements(sb, s, s.listed(now), now, 0);
    }

    private static void chain(StringBuilder sb, NftTable t, NftChain c, boolean handles) {
        sb.append("\tchain ").append(c.name()).append(" {");
        if (handles) sb.append(" # handle ").append(c.handle);
        sb.append('\n');
        if (c.comment != null) sb.append("\t\tcomment \"").append(c.comment).append("\"\n");
        if (c.isBase()) {
            sb.append("\t\ttype ").append(c.type().keyword()).append(" hook ").append(c.hook().nftName())
                    .append(" priority ").append(Priorities.format(c.priority(), c.hook()))
                    .append("; policy ").append(c.policyDrop ? "drop" : "accept").append(";\n");
        }
        for (NftRule r : c.rules) {
            sb.append("\t\t");
            r.render(sb, t.family(), false);
            if (handles) sb.append(" # handle ").append(r.handle());
            sb.append('\n');
        }
        sb.append("\t}\n");
    }
}
