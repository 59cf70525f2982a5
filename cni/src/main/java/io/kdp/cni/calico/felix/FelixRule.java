package io.kdp.cni.calico.felix;

import java.util.ArrayList;
import java.util.List;

/**
 * One rule as Felix builds it (generictables.Rule): match criteria in the order Felix adds them,
 * comments and an action. It renders two ways: Felix's own append line, which is what the
 * {@code cali:<hash>} comment is computed from ({@link RuleHash}), and the line
 * {@code iptables-save} prints once the kernel has it (interface, address and protocol matches
 * first, then the comment matches, then the rest, with iptables' spelling of marks).
 */
public final class FelixRule {
    enum Kind { SRC, DST, IN, OUT, PROTO, MATCH }

    record Part(Kind kind, String felix, String save) {}

    private final List<Part> parts;
    private final List<String> comments;
    private final String actionFelix;
    private final String actionSave;

    private FelixRule(List<Part> parts, List<String> comments, String actionFelix, String actionSave) {
        this.parts = List.copyOf(parts);
        this.comments = List.copyOf(comments);
        this.actionFelix = actionFelix;
        this.actionSave = actionSave;
    }

    public static Builder rule() {
        return new Builder();
    }

    public List<String> comments() {
        return comments;
    }

    /** The same rule with {@code comment} after its own comments (a chain comment on its first rule). */
    FelixRule withLeadingComment(String comment) {
        List<String> c = new ArrayList<>(comments);
        c.add(comment);
        return new FelixRule(parts, c, actionFelix, actionSave);
    }

    /** What Felix hashes: {@code -A CHAIN HASH [comments] [matches] [action]} (Rule.RenderAppend with prefix HASH). */
    String felixAppend(String chain) {
        StringBuilder sb = new StringBuilder("-A ").append(chain).append(" HASH");
        for (String c : comments) sb.append(" -m comment --comment \"").append(c).append('"');
        for (Part p : parts) sb.append(' ').append(p.felix());
        if (actionFelix != null) sb.append(' ').append(actionFelix);
        return sb.toString();
    }

    /** The line iptables-save prints, with the rule's {@code cali:<hash>} comment. */
    String saveLine(String chain, String hash) {
        StringBuilder sb = new StringBuilder("-A ").append(chain);
        for (Kind k : new Kind[] {Kind.SRC, Kind.DST, Kind.IN, Kind.OUT, Kind.PROTO}) {
            for (Part p : parts) if (p.kind() == k) sb.append(' ').append(p.save());
        }
        sb.append(" -m comment --comment \"").append(RuleHash.PREFIX).append(hash).append('"');
        for (String c : comments) sb.append(" -m comment --comment \"").append(c).append('"');
        for (Part p : parts) if (p.kind() == Kind.MATCH) sb.append(' ').append(p.save());
        if (actionSave != null) sb.append(' ').append(actionSave);
        return sb.toString();
    }

    /** Builds a rule; match methods are named after Felix's MatchCriteria. */
    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();
        private final List<String> comments = new ArrayList<>();

        private Builder part(Kind k, String felix, String save) {
            parts.add(new Part(k, felix, save));
            return this;
        }

        public Builder comment(String c) {
            comments.add(c);
            return this;
        }

        public Builder inInterface(String iface) {
            return part(Kind.IN, "--in-interface " + iface, "-i " + iface);
        }

        public Builder outInterface(String iface) {
            return part(Kind.OUT, "--out-interface " + iface, "-o " + iface);
        }

        /** {@code -p tcp}. */
        public Builder protocol(String name) {
            return part(Kind.PROTO, "-p " + name, "-p " + name);
        }

        /** By number; iptables-save prints the /etc/protocols name (4 is {@code ipencap}). */
        public Builder protocolNum(int n) {
            return part(Kind.PROTO, "-p " + n, "-p " + (n == 4 ? "ipencap" : n == 6 ? "tcp" : n == 17 ? "udp" : Integer.toString(n)));
        }

        public Builder sourceNet(String cidr) {
            return part(Kind.SRC, "--source " + cidr, "-s " + cidr);
        }

        public Builder destNet(String cidr) {
            return part(Kind.DST, "--destination " + cidr, "-d " + cidr);
        }

        public Builder sourceIpSet(String set) {
            return match("-m set --match-set " + set + " src");
        }

        public Builder destIpSet(String set) {
            return match("-m set --match-set " + set + " dst");
        }

        public Builder notDestIpSet(String set) {
            return match("-m set ! --match-set " + set + " dst");
        }

        public Builder destAddrTypeLocal() {
            return match("-m addrtype --dst-type LOCAL");
        }

        /** {@code SrcAddrType(LOCAL, false)}. */
        public Builder srcAddrTypeLocal() {
            return match("-m addrtype --src-type LOCAL");
        }

        /** {@code NotSrcAddrType(LOCAL, true)}. */
        public Builder notSrcAddrTypeLocalLimitIfaceOut() {
            return match("-m addrtype ! --src-type LOCAL --limit-iface-out");
        }

        public Builder conntrackState(String states) {
            return match("-m conntrack --ctstate " + states);
        }

        public Builder notConntrackState(String states) {
            return match("-m conntrack ! --ctstate " + states);
        }

        /** {@code MarkClear(bits)}: every bit clear. */
        public Builder markClear(int bits) {
            return part(Kind.MATCH, "-m mark --mark 0/" + hex(bits), "-m mark --mark 0x0/" + hex(bits));
        }

        /** {@code MarkSingleBitSet(bit)}. */
        public Builder markSingleBitSet(int bit) {
            String m = "-m mark --mark " + hex(bit) + "/" + hex(bit);
            return part(Kind.MATCH, m, m);
        }

        /** {@code DestPortRanges}: always a multiport match; ranges as {@code first:last}. */
        public Builder destPorts(String ports) {
            return part(Kind.MATCH, "-m multiport --destination-ports " + ports, "-m multiport --dports " + ports);
        }

        private Builder match(String m) {
            return part(Kind.MATCH, m, m);
        }

        public FelixRule jump(String chain) {
            return action("--jump " + chain, "-j " + chain);
        }

        public FelixRule gotoChain(String chain) {
            return action("--goto " + chain, "-g " + chain);
        }

        public FelixRule accept() {
            return jump("ACCEPT");
        }

        public FelixRule drop() {
            return jump("DROP");
        }

        public FelixRule doReturn() {
            return jump("RETURN");
        }

        /** {@code SetMark(bit)}. */
        public FelixRule setMark(int bit) {
            return action("--jump MARK --set-mark " + hex(bit) + "/" + hex(bit), "-j MARK --set-xmark " + hex(bit) + "/" + hex(bit));
        }

        /** {@code ClearMark(bits)}. */
        public FelixRule clearMark(int bits) {
            return action("--jump MARK --set-mark 0/" + hex(bits), "-j MARK --set-xmark 0x0/" + hex(bits));
        }

        /** {@code SetMaskedMark(value, mask)}. */
        public FelixRule setMaskedMark(int value, int mask) {
            return action("--jump MARK --set-mark " + hex(value) + "/" + hex(mask), "-j MARK --set-xmark " + hex(value) + "/" + hex(mask));
        }

        /** MASQUERADE with --random-fully (Felix adds it when the kernel supports it). */
        public FelixRule masquerade() {
            return action("--jump MASQUERADE --random-fully", "-j MASQUERADE --random-fully");
        }

        /** A rule with no action (a chain whose policy has no rules carries only its comment). */
        public FelixRule noAction() {
            return action(null, null);
        }

        private FelixRule action(String felix, String save) {
            return new FelixRule(parts, comments, felix, save);
        }
    }

    /** Go's {@code %#x}. */
    static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }
}
