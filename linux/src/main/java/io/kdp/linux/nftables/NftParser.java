package io.kdp.linux.nftables;

import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.nftables.NftLexer.Kind;
import io.kdp.linux.nftables.NftLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Reads {@code nft -f} input: declarative blocks as {@code nft list ruleset} prints them
 * ({@code table ip t { chain c { ... } set s { ... } }}) and the commands knftables sends
 * ({@code add table|chain|rule|set|map|element}, {@code insert rule}, {@code create ...},
 * {@code delete ...}, {@code destroy ...}, {@code flush ruleset|table|chain|set|map}). The whole
 * input is one transaction: any error rolls everything back and is reported with file, line and
 * columns, naming the word that was not understood.
 */
final class NftParser {
    private final Nftables nft;
    final String source;
    private final List<Token> toks;
    int pos;
    final NftTransaction tx;

    NftParser(Nftables nft, String source, String text) {
        this.nft = nft;
        this.source = source;
        this.toks = NftLexer.tokens(source, text);
        this.tx = new NftTransaction(nft);
    }

    void run() {
        try {
            while (true) {
                skipSeparators();
                if (peek().kind() == Kind.EOF) break;
                command();
                Token end = peek();
                if (!end.separator() && end.kind() != Kind.EOF) throw unexpected(end);
            }
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
    }

    // ---- cursor helpers -------------------------------------------------------------------

    Token peek() {
        return toks.get(pos);
    }

    Token peek(int ahead) {
        return toks.get(Math.min(pos + ahead, toks.size() - 1));
    }

    Token next() {
        Token t = toks.get(pos);
        if (t.kind() != Kind.EOF) pos++;
        return t;
    }

    boolean accept(String word) {
        if (peek().is(word)) {
            pos++;
            return true;
        }
        return false;
    }

    void skipSeparators() {
        while (peek().separator()) pos++;
    }

    void skipNewlines() {
        while (peek().kind() == Kind.NEWLINE) pos++;
    }

    NftException error(Token t, String message) {
        return new NftException(source, t.line(), t.first(), t.last(), message);
    }

    NftException unexpected(Token t) {
        return error(t, "syntax error, unexpected " + t.quoted());
    }

    NftException unknown(Token t, String expected) {
        if (t.kind() != Kind.WORD) return error(t, "syntax error, unexpected " + t.quoted() + ", expecting " + expected);
        return error(t, "unknown word " + t.quoted() + ", expecting " + expected);
    }

    Token word(String what) {
        Token t = next();
        if (t.kind() != Kind.WORD) throw error(t, "syntax error, unexpected " + t.quoted() + ", expecting " + what);
        return t;
    }

    void expectWord(String w) {
        Token t = next();
        if (!t.is(w)) throw unknown(t, "\"" + w + "\"");
    }

    String string(String what) {
        Token t = next();
        if (t.kind() != Kind.STRING) throw error(t, "syntax error, unexpected " + t.quoted() + ", expecting quoted " + what);
        return t.text();
    }

    void expect(Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) throw error(t, "syntax error, unexpected " + t.quoted() + ", expecting " + what);
    }

    /** Runs a model change; a kernel error is reported at {@code at} as nft does. */
    <T> T kernel(Token at, String what, Supplier<T> change) {
        try {
            return change.get();
        } catch (NftTransaction.KernelError e) {
            throw error(at, "Could not process " + what + ": " + e.getMessage());
        }
    }

    void kernel(Token at, String what, Runnable change) {
        kernel(at, what, () -> {
            change.run();
            return null;
        });
    }

    /** Parses a value with a type's parser; errors name the word. */
    long value(NftType type, Token t) {
        try {
            return type.parse(t.text());
        } catch (IllegalArgumentException e) {
            throw error(t, e.getMessage());
        }
    }

    // ---- commands -------------------------------------------------------------------------

    private void command() {
        Token t = next();
        switch (t.text()) {
            case "table" -> {
                if (t.kind() != Kind.WORD) throw unexpected(t);
                NftTable table = addTable(false);
                if (peek().kind() != Kind.LBRACE) throw error(peek(), "syntax error, unexpected " + peek().quoted() + ", expecting '{'");
                tableBlock(table);
            }
            case "add", "create", "insert" -> add(t.text());
            case "delete", "destroy" -> delete(t.text().equals("destroy"));
            case "flush" -> flush();
            default -> throw unknown(t, "a command (add, create, insert, delete, destroy, flush, table)");
        }
    }

    private NftFamily family() {
        NftFamily f = NftFamily.of(peek().text());
        if (f != null && peek().kind() == Kind.WORD && peek(1).kind() == Kind.WORD) {
            pos++;
            return f;
        }
        Token t = peek();
        if (t.kind() == Kind.WORD && (t.is("arp") || t.is("bridge") || t.is("netdev"))) throw error(t, "family \"" + t.text() + "\" is not modelled by kdp");
        return NftFamily.IP;
    }

    private NftTable addTable(boolean create) {
        NftFamily f = family();
        Token name = word("table name");
        return kernel(name, "rule", () -> tx.addTable(f, name.text(), create));
    }

    private NftTable existingTable() {
        NftFamily f = family();
        Token name = word("table name");
        return kernel(name, "rule", () -> tx.table(f, name.text()));
    }

    private void add(String verb) {
        Token obj = next();
        boolean create = verb.equals("create");
        if (verb.equals("insert") && !obj.is("rule")) throw unknown(obj, "\"rule\"");
        switch (obj.text()) {
            case "table" -> {
                NftTable t = addTable(create);
                if (peek().kind() == Kind.LBRACE) tableBlock(t);
            }
            case "chain" -> {
                NftTable t = existingTable();
                Token name = word("chain name");
                chainBlock(t, name, create, false, null);
            }
            case "rule" -> {
                NftTable t = existingTable();
                Token name = word("chain name");
                NftChain c = kernel(name, "rule", () -> tx.chain(t, name.text()));
                if (accept("position") || accept("handle") || accept("index")) throw error(toks.get(pos - 1), "rule positions are not modelled by kdp");
                addRule(t, c, verb.equals("insert"));
            }
            case "set", "map" -> {
                NftTable t = existingTable();
                Token name = word("set name");
                setBlock(t, name, obj.is("map"), create, null);
            }
            case "element" -> {
                NftTable t = existingTable();
                Token name = word("set name");
                NftSet s = kernel(name, "rule", () -> tx.set(t, name.text()));
                for (ElementAt e : elements(s, true)) kernel(e.at, "rule", () -> tx.addElement(t, s, e.element, create));
            }
            default -> throw unknown(obj, "table, chain, rule, set, map or element");
        }
    }

    private void delete(boolean destroy) {
        Token obj = next();
        switch (obj.text()) {
            case "table" -> {
                NftFamily f = family();
                Token name = word("table name");
                NftTable t = nft.table(f, name.text());
                if (t == null) {
                    if (destroy) return;
                    throw error(name, "Could not process rule: " + NftTransaction.ENOENT);
                }
                tx.deleteTable(t);
            }
            case "chain" -> {
                NftTable t = existingTable();
                Token name = word("chain name");
                NftChain c = t.chain(name.text());
                if (c == null && destroy) return;
                kernel(name, "rule", () -> tx.deleteChain(t, tx.chain(t, name.text())));
            }
            case "rule" -> {
                NftTable t = existingTable();
                Token name = word("chain name");
                NftChain c = kernel(name, "rule", () -> tx.chain(t, name.text()));
                expectWord("handle");
                Token h = word("rule handle");
                int handle = (int) value(NftType.INTEGER, h);
                if (destroy && c.rules.stream().noneMatch(r -> r.handle() == handle)) return;
                kernel(h, "rule", () -> tx.deleteRule(t, c, handle));
            }
            case "set", "map" -> {
                NftTable t = existingTable();
                Token name = word("set name");
                NftSet s = t.set(name.text());
                if (s == null && destroy) return;
                kernel(name, "rule", () -> tx.deleteSet(t, tx.set(t, name.text())));
            }
            case "element" -> {
                NftTable t = existingTable();
                Token name = word("set name");
                NftSet s = kernel(name, "rule", () -> tx.set(t, name.text()));
                for (ElementAt e : elements(s, false)) kernel(e.at, "rule", () -> tx.deleteElement(t, s, e.element, destroy));
            }
            default -> throw unknown(obj, "table, chain, rule, set, map or element");
        }
    }

    private void flush() {
        Token obj = next();
        switch (obj.text()) {
            case "ruleset" -> tx.flushRuleset();
            case "table" -> {
                NftTable t = existingTable();
                for (NftChain c : t.chains.values()) tx.flushChain(t, c);
            }
            case "chain" -> {
                NftTable t = existingTable();
                Token name = word("chain name");
                tx.flushChain(t, kernel(name, "rule", () -> tx.chain(t, name.text())));
            }
            case "set", "map" -> {
                NftTable t = existingTable();
                Token name = word("set name");
                tx.flushSet(t, kernel(name, "rule", () -> tx.set(t, name.text())));
            }
            default -> throw unknown(obj, "ruleset, table, chain, set or map");
        }
    }

    // ---- blocks ---------------------------------------------------------------------------

    /** {@code { comment "..."; chain ... set ... map ... }}: chains and sets first, then elements, then rules. */
    private void tableBlock(NftTable t) {
        expect(Kind.LBRACE, "'{'");
        List<Runnable> elementsLater = new ArrayList<>();
        List<Runnable> rulesLater = new ArrayList<>();
        while (true) {
            skipSeparators();
            Token tok = next();
            if (tok.kind() == Kind.RBRACE) break;
            switch (tok.text()) {
                case "comment" -> {
                    String c = string("comment");
                    tx.tableComment(t, c);
                }
                case "chain" -> chainBlock(t, word("chain name"), false, true, rulesLater);
                case "set", "map" -> setBlock(t, word("set name"), tok.is("map"), false, elementsLater);
                default -> throw unknown(tok, "comment, chain, set, map or '}'");
            }
        }
        elementsLater.forEach(Runnable::run);
        rulesLater.forEach(Runnable::run);
    }

    /**
     * A chain's spec block ({@code { type nat hook prerouting priority dstnat; policy accept; }}),
     * with rules when declarative ({@code rulesLater} non-null); absent block for a regular chain.
     */
    private void chainBlock(NftTable t, Token name, boolean create, boolean declarative, List<Runnable> rulesLater) {
        NftChain.Type type = null;
        Hook hook = null;
        int priority = 0;
        Boolean policyDrop = null;
        String comment = null;
        List<Integer> rulePositions = new ArrayList<>();
        if (peek().kind() == Kind.LBRACE) {
            next();
            while (true) {
                skipSeparators();
                Token tok = peek();
                if (tok.kind() == Kind.RBRACE) {
                    next();
                    break;
                }
                if (tok.is("type") && rulePositions.isEmpty()) {
                    next();
                    Token ty = word("chain type");
                    try {
                        type = NftChain.Type.valueOf(ty.text().toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw error(ty, "unknown chain type " + ty.quoted());
                    }
                    expectWord("hook");
                    Token h = word("hook");
                    hook = hook(h);
                    expectWord("priority");
                    priority = priority(hook);
                } else if (tok.is("policy") && rulePositions.isEmpty()) {
                    next();
                    Token p = word("policy");
                    if (p.is("accept")) policyDrop = false;
                    else if (p.is("drop")) policyDrop = true;
                    else throw unknown(p, "accept or drop");
                } else if (tok.is("comment") && peek(1).kind() == Kind.STRING && rulePositions.isEmpty()) {
                    next();
                    comment = next().text();
                } else if (declarative) {
                    rulePositions.add(pos);
                    skipRule();
                } else {
                    throw unknown(tok, "type, policy, comment or '}'");
                }
                Token end = peek();
                if (!end.separator() && end.kind() != Kind.RBRACE) throw unexpected(end);
            }
        }
        NftChain.Type ft = type;
        Hook fh = hook;
        int fp = priority;
        Boolean fd = policyDrop;
        String fc = comment;
        NftChain c = kernel(name, "rule", () -> tx.addChain(t, name.text(), ft, fh, fp, fd, fc, create));
        for (int at : rulePositions) {
            rulesLater.add(() -> {
                int save = pos;
                pos = at;
                addRule(t, c, false);
                pos = save;
            });
        }
    }

    private Hook hook(Token h) {
        for (Hook k : Hook.values()) if (k.nftName().equals(h.text())) return k;
        throw unknown(h, "a hook (prerouting, input, forward, output, postrouting)");
    }

    /** {@code priority -110}, {@code priority dstnat}, {@code priority dstnat - 10}. */
    private int priority(Hook hook) {
        Token p = word("priority");
        int base;
        try {
            Integer named = Priorities.value(p.text(), hook);
            base = named != null ? named : Integer.parseInt(p.text());
        } catch (NumberFormatException e) {
            throw unknown(p, "a priority (a number or raw, mangle, dstnat, filter, security, srcnat)");
        } catch (IllegalArgumentException e) {
            throw error(p, e.getMessage());
        }
        if (peek().is("+") || peek().is("-")) {
            boolean minus = next().is("-");
            Token n = word("number");
            int off = (int) value(NftType.INTEGER, n);
            base += minus ? -off : off;
        }
        return base;
    }

    /** Skips a rule's tokens: to the newline or ';' that ends it, or the '}' of its chain. */
    private void skipRule() {
        int depth = 0;
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.EOF) return;
            if (depth == 0 && (t.separator() || t.kind() == Kind.RBRACE)) return;
            if (t.kind() == Kind.LBRACE) depth++;
            if (t.kind() == Kind.RBRACE) depth--;
            pos++;
        }
    }

    private void addRule(NftTable t, NftChain c, boolean prepend) {
        Token start = peek();
        NftRuleParser rp = new NftRuleParser(this, t);
        NftRule r = rp.parse(t.nextHandle());
        if (c.isBase() && c.type() != NftChain.Type.NAT && rp.natToken != null) {
            throw error(rp.natToken, "Could not process rule: " + NftTransaction.EOPNOTSUPP);
        }
        for (var e : rp.targets.entrySet()) {
            NftChain target = t.chain(e.getKey());
            if (target == null) throw error(e.getValue(), "Could not process rule: " + NftTransaction.ENOENT);
            if (target.isBase()) throw error(e.getValue(), "Could not process rule: " + NftTransaction.EOPNOTSUPP);
        }
        kernel(start, "rule", () -> tx.addRule(t, c, r, prepend));
    }

    /** {@code { type ...; flags ...; timeout ...; comment ...; elements = { ... } }}. */
    private void setBlock(NftTable t, Token name, boolean map, boolean create, List<Runnable> elementsLater) {
        SetSpec spec = new SetSpec();
        NftSet set = null;
        expect(Kind.LBRACE, "'{'");
        while (true) {
            skipSeparators();
            Token tok = next();
            if (tok.kind() == Kind.RBRACE) break;
            switch (tok.text()) {
                case "type" -> setType(spec, map);
                case "flags" -> {
                    do {
                        Token f = word("set flag");
                        spec.flags |= switch (f.text()) {
                            case "constant" -> NftSet.F_CONSTANT;
                            case "interval" -> NftSet.F_INTERVAL;
                            case "timeout" -> NftSet.F_TIMEOUT;
                            case "dynamic" -> NftSet.F_DYNAMIC;
                            default -> throw unknown(f, "constant, interval, timeout or dynamic");
                        };
                    } while (peek().kind() == Kind.COMMA && next() != null);
                }
                case "timeout" -> {
                    Token v = word("timeout");
                    try {
                        spec.timeout = NftTime.parse(v.text());
                    } catch (IllegalArgumentException e) {
                        throw error(v, e.getMessage());
                    }
                    spec.flags |= NftSet.F_TIMEOUT;
                }
                case "size" -> spec.size = (int) value(NftType.INTEGER, word("size"));
                case "comment" -> spec.comment = string("comment");
                case "policy" -> {
                    Token p = word("policy");
                    if (!p.is("performance") && !p.is("memory")) throw unknown(p, "performance or memory");
                }
                case "elements" -> {
                    expectWord("=");
                    if (set == null) set = declareSet(t, name, map, create, spec);
                    NftSet s = set;
                    if (elementsLater == null) {
                        for (ElementAt e : elements(s, true)) kernel(e.at, "rule", () -> tx.addElement(t, s, e.element, false));
                    } else {
                        int at = pos;
                        skipBraces();
                        elementsLater.add(() -> {
                            int save = pos;
                            pos = at;
                            for (ElementAt e : elements(s, true)) kernel(e.at, "rule", () -> tx.addElement(t, s, e.element, false));
                            pos = save;
                        });
                    }
                }
                default -> throw unknown(tok, "type, flags, timeout, size, comment, policy, elements or '}'");
            }
            if (set != null && !tok.is("elements")) {
                set.comment = spec.comment;
            }
            Token end = peek();
            if (!end.separator() && end.kind() != Kind.RBRACE) throw unexpected(end);
        }
        if (set == null) declareSet(t, name, map, create, spec);
    }

    private static final class SetSpec {
        NftType[] keys;
        NftType data;
        int flags;
        long timeout;
        int size;
        String comment;
    }

    private void setType(SetSpec spec, boolean map) {
        List<NftType> keys = new ArrayList<>();
        do {
            Token k = word("data type");
            NftType ty = NftType.ofKeyword(k.text());
            if (ty == null || ty == NftType.VERDICT) throw unknown(k, "a set data type (ipv4_addr, ipv6_addr, inet_proto, inet_service, ether_addr, mark)");
            keys.add(ty);
        } while (accept("."));
        spec.keys = keys.toArray(new NftType[0]);
        if (map) {
            Token colon = next();
            if (!colon.is(":")) throw unknown(colon, "\":\" and the map's data type");
            Token d = word("data type");
            spec.data = NftType.ofKeyword(d.text());
            if (spec.data == null) throw unknown(d, "a map data type (verdict, ipv4_addr, inet_service, mark, ...)");
        }
        int width = 0;
        for (NftType ty : spec.keys) width += ty.width();
        if (width > 64) throw error(toks.get(pos - 1), "concatenation wider than 64 bits is not modelled by kdp");
    }

    private NftSet declareSet(NftTable t, Token name, boolean map, boolean create, SetSpec spec) {
        if (spec.keys == null) throw error(name, "set " + name.text() + " has no type");
        NftSet s = new NftSet(name.text(), spec.keys, spec.data, false);
        s.flags = spec.flags;
        s.timeoutNanos = spec.timeout;
        s.size = spec.size;
        s.comment = spec.comment;
        return kernel(name, "rule", () -> tx.addSet(t, s, create));
    }

    private void skipBraces() {
        int depth = 0;
        do {
            Token t = next();
            if (t.kind() == Kind.EOF) throw error(t, "syntax error, unexpected end of file");
            if (t.kind() == Kind.LBRACE) depth++;
            if (t.kind() == Kind.RBRACE) depth--;
        } while (depth > 0);
    }

    // ---- elements -------------------------------------------------------------------------

    /** A parsed element and the token it started at. */
    record ElementAt(NftElement element, Token at) {}

    /**
     * {@code { KEY [timeout T] [expires T] [comment "..."] [: DATA], ... }} for set {@code s}; with
     * {@code withData} false (deleting) map data may be left out.
     */
    List<ElementAt> elements(NftSet s, boolean withData) {
        skipNewlines();
        expect(Kind.LBRACE, "'{'");
        List<ElementAt> out = new ArrayList<>();
        while (true) {
            skipNewlines();
            if (peek().kind() == Kind.RBRACE) {
                next();
                return out;
            }
            Token start = peek();
            out.add(new ElementAt(element(s, withData), start));
            skipNewlines();
            Token sep = next();
            if (sep.kind() == Kind.RBRACE) return out;
            if (sep.kind() != Kind.COMMA) throw error(sep, "syntax error, unexpected " + sep.quoted() + ", expecting ',' or '}'");
        }
    }

    private NftElement element(NftSet s, boolean withData) {
        NftType[] types = s.keyTypes();
        long key = 0, keyEnd = 0;
        String text = null;
        for (int i = 0; i < types.length; i++) {
            if (i > 0) expectWord(".");
            Token v = word(types[i].keyword() + " value");
            if (types[i].width() == 0) {
                text = (text == null ? "" : text + " . ") + v.text().toLowerCase(Locale.ROOT);
                continue;
            }
            long[] r = valueOrRange(types[i], v, types.length == 1);
            if (r[0] != r[1] && !s.interval()) {
                throw error(v, "You must add 'flags interval' to your set declaration if you want to add prefix or range elements");
            }
            key = (key << types[i].width()) | r[0];
            keyEnd = types.length == 1 ? r[1] : key;
        }
        long expires = s.timeoutNanos == 0 ? 0 : nft.now() + s.timeoutNanos;
        String comment = null;
        while (true) {
            if (accept("timeout")) {
                Token v = word("timeout");
                try {
                    expires = nft.now() + NftTime.parse(v.text());
                } catch (IllegalArgumentException e) {
                    throw error(v, e.getMessage());
                }
            } else if (accept("expires")) {
                Token v = word("expiry");
                try {
                    expires = nft.now() + NftTime.parse(v.text());
                } catch (IllegalArgumentException e) {
                    throw error(v, e.getMessage());
                }
            } else if (accept("comment")) {
                comment = string("comment");
            } else {
                break;
            }
        }
        NftVerdict verdict = null;
        long data = 0;
        if (s.isMap() && (withData || peek().is(":"))) {
            Token colon = next();
            if (!colon.is(":")) throw unknown(colon, "\":\" and the element's data");
            if (s.isVerdictMap()) verdict = verdict();
            else data = value(s.dataType(), word(s.dataType().keyword() + " value"));
        }
        return new NftElement(key, keyEnd, text, verdict, data, comment, expires);
    }

    /** A verdict: accept, drop, continue, return, jump CHAIN, goto CHAIN. */
    NftVerdict verdict() {
        Token v = word("a verdict");
        return switch (v.text()) {
            case "accept" -> NftVerdict.ACCEPT;
            case "drop" -> NftVerdict.DROP;
            case "continue" -> NftVerdict.CONTINUE;
            case "return" -> NftVerdict.RETURN;
            case "jump" -> NftVerdict.jump(word("chain name").text());
            case "goto" -> NftVerdict.goTo(word("chain name").text());
            default -> throw unknown(v, "a verdict (accept, drop, continue, return, jump, goto)");
        };
    }

    /** A value, or for single-type keys a prefix {@code a/len} or range {@code a-b}: {lo, hi, prefix?1:0}. */
    long[] valueOrRange(NftType type, Token v, boolean rangesAllowed) {
        String text = v.text();
        int slash = text.indexOf('/');
        if (rangesAllowed && type == NftType.IPV4_ADDR && slash > 0) {
            long net = value(type, new Token(Kind.WORD, text.substring(0, slash), v.line(), v.first(), v.last()));
            int len;
            try {
                len = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw error(v, "Could not parse prefix length in \"" + text + "\"");
            }
            if (len < 0 || len > 32) throw error(v, "Could not parse prefix length in \"" + text + "\"");
            long size = 1L << (32 - len);
            if ((net & (size - 1)) != 0) throw error(v, "Prefix " + text + " has host bits set");
            return new long[] {net, net + size - 1, 1};
        }
        int dash = text.indexOf('-', 1);
        if (rangesAllowed && dash > 0 && (type == NftType.IPV4_ADDR || type == NftType.INET_SERVICE || type == NftType.MARK
                || type == NftType.INET_PROTO || type == NftType.INTEGER)) {
            long lo = value(type, new Token(Kind.WORD, text.substring(0, dash), v.line(), v.first(), v.last()));
            long hi = value(type, new Token(Kind.WORD, text.substring(dash + 1), v.line(), v.first(), v.last()));
            if (hi < lo) throw error(v, "Range " + text + " has a negative size");
            return new long[] {lo, hi, 0};
        }
        long x = value(type, v);
        return new long[] {x, x, 0};
    }
}
