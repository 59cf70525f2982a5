package io.kdp.linux.nftables;

import io.kdp.linux.nftables.NftLexer.Kind;
import io.kdp.linux.nftables.NftLexer.Token;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one rule's expressions and statements, up to the newline, ';' or '}' that ends it, into
 * {@link NftExpr}s in their canonical form (what {@code nft list} prints back): single-element
 * anonymous sets become plain comparisons, {@code mark set mark or X} becomes
 * {@code meta mark set meta mark | X}.
 */
final class NftRuleParser {
    private final NftParser p;
    private final NftTable table;
    /** Jump/goto targets and where they were written. */
    final Map<String, Token> targets = new LinkedHashMap<>();
    /** The first NAT statement, if any. */
    Token natToken;
    private boolean protocolMatched;

    NftRuleParser(NftParser p, NftTable table) {
        this.p = p;
        this.table = table;
    }

    private boolean atEnd() {
        Token t = p.peek();
        return t.separator() || t.kind() == Kind.RBRACE || t.kind() == Kind.EOF;
    }

    NftRule parse(int handle) {
        List<NftExpr> exprs = new ArrayList<>();
        String comment = null;
        if (atEnd()) throw p.error(p.peek(), "syntax error, unexpected " + p.peek().quoted() + ", expecting a rule");
        while (!atEnd()) {
            Token t = p.peek();
            if (comment != null) throw p.unknown(t, "end of rule after the comment");
            if (t.kind() != Kind.WORD) throw p.unexpected(t);
            switch (t.text()) {
                case "comment" -> {
                    p.next();
                    comment = p.string("comment");
                }
                case "counter" -> {
                    p.next();
                    long packets = 0, bytes = 0;
                    if (p.accept("packets")) {
                        packets = p.value(NftType.INTEGER, p.word("number"));
                        p.expectWord("bytes");
                        bytes = Long.parseLong(p.word("number").text());
                    }
                    exprs.add(new Counter(packets, bytes));
                }
                case "accept", "drop", "continue", "return" -> exprs.add(new VerdictStmt(p.verdict()));
                case "jump", "goto" -> {
                    Token target = p.peek(1);
                    NftVerdict v = p.verdict();
                    targets.putIfAbsent(v.chain(), target);
                    exprs.add(new VerdictStmt(v));
                }
                case "reject" -> exprs.add(reject());
                case "dnat", "snat", "masquerade", "redirect" -> exprs.add(nat());
                case "notrack" -> {
                    p.next();
                    exprs.add(new Notrack());
                }
                case "iifname", "oifname" -> exprs.add(ifname(p.next().is("oifname")));
                default -> {
                    if ((t.is("update") || t.is("add")) && p.peek(1).text().startsWith("@")) {
                        exprs.add(setUpdate());
                    } else if (t.is("meta") && (p.peek(1).is("iifname") || p.peek(1).is("oifname"))) {
                        p.next();
                        exprs.add(ifname(p.next().is("oifname")));
                    } else {
                        exprs.add(match());
                    }
                }
            }
        }
        return new NftRule(handle, exprs.toArray(new NftExpr[0]), comment);
    }

    private NftExpr ifname(boolean out) {
        boolean neg = p.accept("!=");
        if (!neg) p.accept("==");
        Token v = p.next();
        if (v.kind() != Kind.STRING && v.kind() != Kind.WORD) throw p.unexpected(v);
        String name = v.text();
        boolean wildcard = name.endsWith("*");
        if (wildcard) name = name.substring(0, name.length() - 1);
        if (name.isEmpty() && !wildcard || name.length() > 15) throw p.error(v, "Invalid interface name \"" + v.text() + "\"");
        return new IfnameMatch(out, neg, name, wildcard);
    }

    /** One source: {@code ip daddr}, {@code meta l4proto}, {@code numgen random mod 2}, ... */
    private KeySource source() {
        Token t = p.next();
        String w = t.text();
        switch (w) {
            case "ip" -> {
                Token f = p.word("ip field");
                return switch (f.text()) {
                    case "saddr" -> Field.IP_SADDR;
                    case "daddr" -> Field.IP_DADDR;
                    case "protocol" -> Field.IP_PROTOCOL;
                    default -> throw p.unknown(f, "saddr, daddr or protocol");
                };
            }
            case "ip6" -> {
                Token f = p.word("ip6 field");
                return switch (f.text()) {
                    case "saddr" -> Field.IP6_SADDR;
                    case "daddr" -> Field.IP6_DADDR;
                    default -> throw p.unknown(f, "saddr or daddr");
                };
            }
            case "tcp", "udp", "th" -> {
                Token f = p.word(w + " field");
                boolean s = f.is("sport");
                if (!s && !f.is("dport")) throw p.unknown(f, "sport or dport");
                return switch (w) {
                    case "tcp" -> s ? Field.TCP_SPORT : Field.TCP_DPORT;
                    case "udp" -> s ? Field.UDP_SPORT : Field.UDP_DPORT;
                    default -> s ? Field.TH_SPORT : Field.TH_DPORT;
                };
            }
            case "meta" -> {
                Token f = p.word("meta key");
                return switch (f.text()) {
                    case "l4proto" -> Field.META_L4PROTO;
                    case "nfproto" -> {
                        if (table.family() != NftFamily.INET) throw new NftException(p.source, t.line(), t.first(), f.last(), "meta nfproto is only useful in the inet family");
                        yield Field.META_NFPROTO;
                    }
                    case "mark" -> Field.META_MARK;
                    default -> throw p.unknown(f, "l4proto, nfproto, mark, iifname or oifname");
                };
            }
            case "mark" -> {
                return Field.META_MARK;
            }
            case "ct" -> {
                Token f = p.word("ct key");
                return switch (f.text()) {
                    case "state" -> Field.CT_STATE;
                    case "status" -> Field.CT_STATUS;
                    case "mark" -> Field.CT_MARK;
                    default -> throw p.unknown(f, "state, status or mark");
                };
            }
            case "fib" -> {
                Token f = p.word("fib key");
                KeySource k = switch (f.text()) {
                    case "daddr" -> Field.FIB_DADDR_TYPE;
                    case "saddr" -> Field.FIB_SADDR_TYPE;
                    default -> throw p.unknown(f, "saddr or daddr");
                };
                p.expectWord("type");
                return k;
            }
            case "ether" -> {
                Token f = p.word("ether field");
                if (f.is("saddr")) return Field.ETHER_SADDR;
                if (f.is("daddr")) return Field.ETHER_DADDR;
                throw p.unknown(f, "saddr or daddr");
            }
            case "icmp" -> {
                p.expectWord("type");
                return Field.ICMP_TYPE;
            }
            case "numgen" -> {
                p.expectWord("random");
                p.expectWord("mod");
                Token m = p.word("modulus");
                int mod = (int) p.value(NftType.INTEGER, m);
                if (mod == 0) throw p.error(m, "numgen modulus must be positive");
                int off = 0;
                if (p.accept("offset")) off = (int) p.value(NftType.INTEGER, p.word("offset"));
                return new Numgen(mod, off);
            }
            default -> throw p.unknown(t, "a match or statement");
        }
    }

    private KeySource[] sources() {
        List<KeySource> out = new ArrayList<>();
        out.add(source());
        while (p.accept(".")) out.add(source());
        return out.toArray(new KeySource[0]);
    }

    private NftExpr match() {
        KeySource[] src = sources();
        Token t = p.peek();
        if (t.is("vmap")) {
            p.next();
            NftSet map = setRef(src, true);
            return new VerdictMap(src, map);
        }
        if (t.is("set")) {
            if (src.length != 1 || src[0] != Field.META_MARK) throw p.error(t, "kdp models only \"meta mark set\"");
            p.next();
            return markSet();
        }
        boolean neg = false;
        long mask = -1;
        NftType type = src[0].type();
        if (t.is("&") || t.is("and")) {
            if (src.length != 1) throw p.unexpected(t);
            p.next();
            mask = p.value(type, p.word("mask"));
            Token op = p.next();
            if (op.is("!=") || op.is("ne")) neg = true;
            else if (!op.is("==") && !op.is("eq")) throw p.unknown(op, "== or !=");
        } else if (t.is("!=") || t.is("ne")) {
            p.next();
            neg = true;
        } else if (t.is("==") || t.is("eq")) {
            p.next();
        }
        Token v = p.peek();
        if (atEnd()) throw p.error(v, "syntax error, unexpected " + v.quoted() + ", expecting a value to match");
        NftExpr e;
        if (mask == -1 && (v.text().startsWith("@") || v.kind() == Kind.LBRACE)) {
            NftSet set = setRef(src, false);
            e = collapse(src, set, neg);
        } else {
            if (src.length != 1) throw p.error(v, "kdp needs a set to match a concatenation: { ... }");
            p.next();
            if (type.width() == 0) {
                e = new TextCompare(src[0], neg, v.text().toLowerCase(java.util.Locale.ROOT));
            } else if (type.isFlags() && mask == -1) {
                long bits = p.value(type, v);
                while (p.peek().kind() == Kind.COMMA) {
                    p.next();
                    bits |= p.value(type, p.word(type.keyword()));
                }
                e = new Compare(src[0], neg, bits, -1);
            } else if (mask != -1) {
                e = new Compare(src[0], neg, p.value(type, v), mask);
            } else {
                long[] r = p.valueOrRange(type, v, true);
                e = r[0] == r[1] ? new Compare(src[0], neg, r[0], -1) : new RangeMatch(src[0], neg, r[0], r[1], r[2] == 1);
            }
        }
        if (!neg && (src[0] == Field.META_L4PROTO || src[0] == Field.IP_PROTOCOL)) protocolMatched = true;
        if (src[0] instanceof Field f && f.impliedProtocol() > 0) protocolMatched = true;
        return e;
    }

    /** A single-element anonymous set prints (and so is kept) as a plain comparison, as nft does. */
    private NftExpr collapse(KeySource[] src, NftSet set, boolean neg) {
        if (set.anonymous() && src.length == 1 && set.elementCount() == 1 && !set.textKeys() && !src[0].type().isFlags()) {
            NftElement e = set.snapshot().get(0);
            if (e.key == e.keyEnd) return new Compare(src[0], neg, e.key, -1);
            return new RangeMatch(src[0], neg, e.key, e.keyEnd, NftSet.prefixLength(src[0].type(), e.key, e.keyEnd) >= 0);
        }
        return new Lookup(src, set, neg);
    }

    /** {@code @name} (checked against the sources' types) or an anonymous set or verdict map literal. */
    private NftSet setRef(KeySource[] src, boolean verdictMap) {
        Token t = p.peek();
        if (t.text().startsWith("@")) {
            p.next();
            NftSet s = table.set(t.text().substring(1));
            if (s == null) throw p.error(t, "Could not process rule: " + NftTransaction.ENOENT);
            if (verdictMap != s.isVerdictMap()) throw p.error(t, verdictMap ? "@" + s.name() + " is not a verdict map" : "@" + s.name() + " is a map, not a set");
            NftType[] kt = s.keyTypes();
            boolean ok = kt.length == src.length;
            for (int i = 0; ok && i < kt.length; i++) ok = kt[i] == src[i].type() || src[i] instanceof Numgen;
            if (!ok) throw p.error(t, "datatype mismatch, expected " + s.typeText().split(" : ")[0] + ", expression has type " + typeOf(src));
            return s;
        }
        if (t.kind() != Kind.LBRACE) throw p.unknown(t, "@set or '{'");
        NftType[] kt = new NftType[src.length];
        for (int i = 0; i < src.length; i++) kt[i] = src[i].type();
        NftSet s = new NftSet("__" + (verdictMap ? "map" : "set"), kt, verdictMap ? NftType.VERDICT : null, true);
        s.flags = src.length == 1 && !src[0].type().isFlags() && kt[0].width() > 0 ? NftSet.F_INTERVAL : 0;
        for (NftParser.ElementAt e : p.elements(s, true)) {
            if (s.get(e.element()) != null || s.overlapping(e.element()) != null) throw p.error(e.at(), "conflicting intervals specified");
            s.add(e.element());
            if (e.element().verdict != null && e.element().verdict.chain() != null) targets.putIfAbsent(e.element().verdict.chain(), e.at());
        }
        boolean ranges = s.snapshot().stream().anyMatch(e -> e.key != e.keyEnd);
        if (!ranges && s.flags != 0) {
            NftSet exact = new NftSet(s.name(), kt, s.dataType(), true);
            for (NftElement e : s.snapshot()) exact.add(e);
            return exact;
        }
        return s;
    }

    private static String typeOf(KeySource[] src) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < src.length; i++) sb.append(i > 0 ? " . " : "").append(src[i].type().keyword());
        return sb.toString();
    }

    /** After {@code meta mark set}: a value, or {@code [meta] mark or|xor|and|'|'|^|& VALUE}. */
    private NftExpr markSet() {
        if (p.peek().is("mark") || (p.peek().is("meta") && p.peek(1).is("mark"))) {
            if (p.next().is("meta")) p.next();
            Token op = p.word("operator");
            MarkSet.Op o = switch (op.text()) {
                case "or", "|" -> MarkSet.Op.OR;
                case "xor", "^" -> MarkSet.Op.XOR;
                case "and", "&" -> MarkSet.Op.AND;
                default -> throw p.unknown(op, "or, xor or and");
            };
            return new MarkSet(o, p.value(NftType.MARK, p.word("mark value")));
        }
        return new MarkSet(MarkSet.Op.SET, p.value(NftType.MARK, p.word("mark value")));
    }

    private NftExpr reject() {
        p.next();
        if (!p.accept("with")) return new RejectStmt(io.kdp.packet.IcmpHeader.PORT_UNREACHABLE, false);
        Token k = p.word("icmp, icmpx or tcp");
        switch (k.text()) {
            case "tcp" -> {
                p.expectWord("reset");
                return new RejectStmt(RejectStmt.TCP_RESET, false);
            }
            case "icmp", "icmpx" -> {
                p.accept("type");
                Token n = p.word("reject type");
                boolean x = k.is("icmpx");
                int code = x ? RejectStmt.icmpxCode(n.text()) : RejectStmt.icmpCode(n.text());
                if (code < -1) throw p.unknown(n, "an ICMP unreachable type such as port-unreachable, host-unreachable, admin-prohibited");
                return new RejectStmt(code, x);
            }
            default -> throw p.unknown(k, "icmp, icmpx or tcp");
        }
    }

    private NftExpr nat() {
        Token kw = p.next();
        if (natToken == null) natToken = kw;
        NatStmt.Kind kind = NatStmt.Kind.valueOf(kw.text().toUpperCase(java.util.Locale.ROOT));
        boolean ipKeyword = false;
        int addrLo = 0, addrHi = 0, portLo = 0, portHi = 0;
        Token portTok = null;
        if (kind == NatStmt.Kind.DNAT || kind == NatStmt.Kind.SNAT) {
            if (p.accept("ip")) ipKeyword = true;
            else if (p.peek().is("ip6")) throw p.error(p.peek(), "kdp models IPv4 NAT only");
            if (table.family() == NftFamily.INET && !ipKeyword) throw p.error(kw, "specify `" + kw.text() + " ip' or '" + kw.text() + " ip6' in inet table to disambiguate");
            if (table.family() == NftFamily.IP6) throw p.error(kw, "kdp models IPv4 NAT only");
            p.expectWord("to");
            Token a = p.word("address");
            String text = a.text();
            int colon = text.indexOf(':');
            String addr = colon < 0 ? text : text.substring(0, colon);
            int dash = addr.indexOf('-');
            try {
                addrLo = Ip4.parse(dash < 0 ? addr : addr.substring(0, dash));
                addrHi = dash < 0 ? addrLo : Ip4.parse(addr.substring(dash + 1));
            } catch (IllegalArgumentException e) {
                throw p.error(a, "Could not parse IPv4 address \"" + addr + "\"");
            }
            if (colon >= 0) {
                int[] ports = ports(a, text.substring(colon + 1));
                portLo = ports[0];
                portHi = ports[1];
                portTok = a;
            }
            ipKeyword = table.family() == NftFamily.INET;
        } else if (p.accept("to")) {
            Token a = p.word("port");
            String text = a.text().startsWith(":") ? a.text().substring(1) : a.text();
            int[] ports = ports(a, text);
            portLo = ports[0];
            portHi = ports[1];
            portTok = a;
        }
        boolean random = false, fully = false, persistent = false;
        while (p.peek().is("random") || p.peek().is("fully-random") || p.peek().is("persistent")) {
            switch (p.next().text()) {
                case "random" -> random = true;
                case "fully-random" -> fully = true;
                default -> persistent = true;
            }
            if (p.peek().kind() == Kind.COMMA) p.next();
        }
        if (portTok != null && !protocolMatched) {
            throw p.error(portTok, "transport protocol mapping is only valid after transport protocol match");
        }
        return new NatStmt(kind, addrLo, addrHi, portLo, portHi, random, fully, persistent, ipKeyword);
    }

    private int[] ports(Token at, String text) {
        int dash = text.indexOf('-');
        long lo = p.value(NftType.INET_SERVICE, new Token(Kind.WORD, dash < 0 ? text : text.substring(0, dash), at.line(), at.first(), at.last()));
        long hi = dash < 0 ? lo : p.value(NftType.INET_SERVICE, new Token(Kind.WORD, text.substring(dash + 1), at.line(), at.first(), at.last()));
        return new int[] {(int) lo, (int) hi};
    }

    private NftExpr setUpdate() {
        boolean update = p.next().is("update");
        Token ref = p.next();
        NftSet s = table.set(ref.text().substring(1));
        if (s == null) throw p.error(ref, "Could not process rule: " + NftTransaction.ENOENT);
        if ((s.flags & NftSet.F_DYNAMIC) == 0 && (s.flags & NftSet.F_TIMEOUT) == 0) throw p.error(ref, "set @" + s.name() + " needs 'flags dynamic' to be updated from the packet path");
        p.expect(Kind.LBRACE, "'{'");
        KeySource[] src = sources();
        p.expect(Kind.RBRACE, "'}'");
        return new SetUpdate(update, s, src);
    }
}
