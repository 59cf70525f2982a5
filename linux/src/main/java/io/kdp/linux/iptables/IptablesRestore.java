package io.kdp.linux.iptables;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code iptables-restore} (legacy, 1.8): reads {@code *table} blocks of chain lines
 * ({@code :NAME POLICY [packets:bytes]}) and commands ({@code -A}, {@code -I}, {@code -D},
 * {@code -R}, {@code -N}, {@code -X}, {@code -F}, {@code -P}, {@code -Z}), applying each block
 * atomically at its {@code COMMIT}. Without {@code --noflush} a block replaces its whole table; with
 * it, only the chains it lists are flushed (created if missing) and {@code -X} deletes chains,
 * which is how kube-proxy does partial syncs.
 */
final class IptablesRestore {
    private final Iptables ipt;
    private final String source;
    private final boolean noflush;
    private final boolean counters;
    private ChainSet staging;

    IptablesRestore(Iptables ipt, String source, boolean noflush, boolean counters) {
        this.ipt = ipt;
        this.source = source;
        this.noflush = noflush;
        this.counters = counters;
    }

    void run(String text) {
        String[] lines = text.split("\n", -1);
        int last = lines.length;
        if (last > 0 && lines[last - 1].isEmpty()) last--;
        for (int n = 0; n < last; n++) {
            String line = lines[n];
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            try {
                line(line, n + 1);
            } catch (RuleSyntaxException e) {
                throw new IptablesParseException(source, n + 1, e.getMessage());
            }
        }
        if (staging != null) throw new IptablesParseException(source, last, "COMMIT expected");
    }

    /** One {@code iptables [-t table] COMMAND ...} invocation: a one-line noflush restore. */
    static void command(Iptables ipt, String commandLine) {
        IptablesRestore r = new IptablesRestore(ipt, "iptables", true, false);
        try {
            List<String> words = new ArrayList<>(Tokenizer.split(commandLine));
            if (!words.isEmpty() && words.get(0).equals("iptables")) words.remove(0);
            String table = "filter";
            for (int i = 0; i < words.size(); i++) {
                if (words.get(i).equals("-t") || words.get(i).equals("--table")) {
                    if (i + 1 >= words.size()) throw new RuleSyntaxException("option \"-t\" requires an argument");
                    table = words.get(i + 1);
                    words.remove(i + 1);
                    words.remove(i);
                    break;
                }
            }
            r.begin(table);
            r.execute(words, -1, -1);
            r.commit();
        } catch (RuleSyntaxException e) {
            throw new IptablesParseException("iptables", 1, e.getMessage());
        }
    }

    private void line(String line, int lineNo) throws RuleSyntaxException {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) return;
        if (t.startsWith("*")) {
            if (staging != null) throw new RuleSyntaxException("COMMIT expected before \"" + t + "\"");
            begin(t.substring(1).strip());
            return;
        }
        if (t.equals("COMMIT")) {
            if (staging == null) throw new RuleSyntaxException("COMMIT without a table");
            commit();
            return;
        }
        if (staging == null) throw new RuleSyntaxException("no table specified (expected a \"*table\" line)");
        if (t.startsWith(":")) {
            chainLine(t, lineNo);
            return;
        }
        long pc = -1, bc = -1;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            long[] c = close < 0 ? null : counters(t.substring(0, close + 1));
            if (c == null) throw new RuleSyntaxException("bad counters \"" + t.split("\\s+")[0] + "\"");
            pc = c[0];
            bc = c[1];
            t = t.substring(close + 1).strip();
        }
        List<String> words = Tokenizer.split(t);
        execute(words, counters ? pc : -1, counters ? bc : -1);
    }

    private void begin(String name) throws RuleSyntaxException {
        TableKind kind = TableKind.of(name);
        if (kind == null) throw new RuleSyntaxException("can't initialize iptables table `" + name + "': Table does not exist (do you need to insmod?)");
        Table existing = ipt.table(name);
        staging = existing == null ? new ChainSet(kind) : existing.chainSet().copy();
        if (!noflush) {
            for (Chain b : staging.builtins.values()) b.rules.clear();
            staging.users.clear();
        }
    }

    private void commit() throws RuleSyntaxException {
        String err = Table.validate(staging);
        if (err != null) throw new RuleSyntaxException(err);
        ipt.ensureTable(staging.kind).install(staging);
        ipt.recentLists();
        staging = null;
    }

    private static long[] counters(String text) {
        if (!text.startsWith("[") || !text.endsWith("]")) return null;
        String[] pb = text.substring(1, text.length() - 1).split(":", -1);
        if (pb.length != 2) return null;
        try {
            long p = Long.parseUnsignedLong(pb[0]), b = Long.parseUnsignedLong(pb[1]);
            return new long[] {p, b};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void chainLine(String t, int lineNo) throws RuleSyntaxException {
        String[] parts = t.substring(1).strip().split("\\s+");
        String name = parts[0];
        if (name.isEmpty()) throw new RuleSyntaxException("empty chain name");
        if (name.length() > 28) throw new RuleSyntaxException("Invalid chain name `" + name + "' (28 chars max)");
        if (parts.length < 2) throw new RuleSyntaxException("Can't parse policy for chain `" + name + "'");
        String policy = parts[1];
        Chain c = staging.get(name);
        if (c != null) {
            c.rules.clear(); // a listed chain is flushed
        } else {
            checkNewChain(name);
            c = new Chain(name, null, null);
            staging.users.put(name, c);
        }
        if (!policy.equals("-")) {
            if (!c.builtin()) throw new RuleSyntaxException("Can't set policy `" + policy + "' on `" + name + "' line " + lineNo + ": Bad built-in chain name");
            if (!policy.equals("ACCEPT") && !policy.equals("DROP")) {
                throw new RuleSyntaxException("Can't set policy `" + policy + "' on `" + name + "' line " + lineNo + ": Bad policy name");
            }
            c.policy = StandardTarget.valueOf(policy);
            long[] cnt = parts.length > 2 ? counters(parts[2]) : null;
            if (counters && cnt == null) throw new RuleSyntaxException("invalid policy counters for chain '" + name + "'");
            c.policyPackets = counters ? cnt[0] : 0;
            c.policyBytes = counters ? cnt[1] : 0;
        }
    }

    private static void checkNewChain(String name) throws RuleSyntaxException {
        if (name.length() > 28) throw new RuleSyntaxException("chain name `" + name + "' too long (must be under 29 chars)");
        if (name.startsWith("-") || name.startsWith("!") || name.equals("ACCEPT") || name.equals("DROP") || name.equals("RETURN")
                || RuleParser.isExtensionTarget(name)) {
            throw new RuleSyntaxException("Invalid chain name `" + name + "'");
        }
    }

    private Chain chain(Args args, String cmd) throws RuleSyntaxException {
        String name = args.value(cmd);
        Chain c = staging.get(name);
        if (c == null) throw new RuleSyntaxException("chain `" + name + "' in table `" + staging.kind.tableName() + "' does not exist: No chain/target/match by that name");
        return c;
    }

    private Rule rule(Args args, long pc, long bc) throws RuleSyntaxException {
        Rule r = RuleParser.parse(args, n -> staging.users.containsKey(n));
        for (Match m : r.matches()) {
            // libxt_set resolves the name in the kernel while parsing (get_set_byname)
            if (m instanceof SetMatch sm && !ipt.ipsets().exists(sm.set())) throw new RuleSyntaxException("Set " + sm.set() + " doesn't exist.");
        }
        if (pc >= 0) r.counters(pc, bc);
        if (r.needsConntrack()) ipt.env().requireConntrack();
        return r;
    }

    private static boolean isNumber(String w) {
        return w != null && !w.isEmpty() && w.chars().allMatch(Character::isDigit);
    }

    private void execute(List<String> words, long pc, long bc) throws RuleSyntaxException {
        if (words.isEmpty()) return;
        String cmd = words.get(0);
        Args args = new Args(words, 1);
        switch (cmd) {
            case "-A", "--append" -> {
                Chain c = chain(args, cmd);
                c.rules.add(rule(args, pc, bc));
            }
            case "-I", "--insert" -> {
                Chain c = chain(args, cmd);
                int pos = 1;
                if (isNumber(args.peek())) pos = XtParse.number(args.next(), 1, Integer.MAX_VALUE, "rule number");
                if (pos > c.rules.size() + 1) throw new RuleSyntaxException("Index of insertion too big.");
                c.rules.add(pos - 1, rule(args, pc, bc));
            }
            case "-R", "--replace" -> {
                Chain c = chain(args, cmd);
                int pos = XtParse.number(args.value(cmd), 1, Integer.MAX_VALUE, "rule number");
                if (pos > c.rules.size()) throw new RuleSyntaxException("Index of replacement too big.");
                c.rules.set(pos - 1, rule(args, pc, bc));
            }
            case "-D", "--delete" -> {
                Chain c = chain(args, cmd);
                if (isNumber(args.peek()) && words.size() == 3) {
                    int pos = XtParse.number(args.next(), 1, Integer.MAX_VALUE, "rule number");
                    if (pos > c.rules.size()) throw new RuleSyntaxException("Index of deletion too big.");
                    c.rules.remove(pos - 1);
                } else {
                    String spec = rule(args, -1, -1).spec();
                    Iterator<Rule> it = c.rules.iterator();
                    boolean found = false;
                    while (it.hasNext() && !found) {
                        if (it.next().spec().equals(spec)) {
                            it.remove();
                            found = true;
                        }
                    }
                    if (!found) throw new RuleSyntaxException("Bad rule (does a matching rule exist in that chain?).");
                }
            }
            case "-N", "--new-chain" -> {
                String name = args.value(cmd);
                if (staging.get(name) != null) throw new RuleSyntaxException("Chain `" + name + "' already exists");
                checkNewChain(name);
                staging.users.put(name, new Chain(name, null, null));
            }
            case "-X", "--delete-chain" -> {
                if (!args.hasNext()) {
                    for (String n : new ArrayList<>(staging.users.keySet())) deleteChain(n);
                } else {
                    deleteChain(args.next());
                }
            }
            case "-F", "--flush" -> {
                if (!args.hasNext()) for (Chain c : staging.all()) c.rules.clear();
                else chain(args, cmd).rules.clear();
            }
            case "-Z", "--zero" -> {
                List<Chain> cs = args.hasNext() ? List.of(chain(args, cmd)) : staging.all();
                for (Chain c : cs) {
                    c.policyPackets = c.policyBytes = 0;
                    for (Rule r : c.rules) r.counters(0, 0);
                }
            }
            case "-P", "--policy" -> {
                Chain c = chain(args, cmd);
                String p = args.value(cmd);
                if (!c.builtin()) throw new RuleSyntaxException("Can't set policy `" + p + "' on `" + c.name() + "': Bad built-in chain name");
                if (!p.equals("ACCEPT") && !p.equals("DROP")) throw new RuleSyntaxException("Can't set policy `" + p + "' on `" + c.name() + "': Bad policy name");
                c.policy = StandardTarget.valueOf(p);
            }
            case "-t", "--table" -> throw new RuleSyntaxException("The -t option cannot be used in iptables-restore");
            default -> throw new RuleSyntaxException(cmd.startsWith("-") ? "unknown option \"" + cmd + "\"" : "Bad argument \"" + cmd + "\"");
        }
        if (args.hasNext() && (cmd.equals("-N") || cmd.equals("-X") || cmd.equals("-F") || cmd.equals("-Z") || cmd.equals("-P")
                || cmd.equals("--new-chain") || cmd.equals("--delete-chain") || cmd.equals("--flush") || cmd.equals("--zero") || cmd.equals("--policy"))) {
            throw new RuleSyntaxException("Bad argument \"" + args.peek() + "\"");
        }
    }

    private void deleteChain(String name) throws RuleSyntaxException {
        Chain c = staging.get(name);
        if (c == null) throw new RuleSyntaxException("chain `" + name + "' does not exist: No chain/target/match by that name");
        if (c.builtin()) throw new RuleSyntaxException("can't delete built-in chain `" + name + "'");
        int refs = staging.references(name);
        if (refs > 0) throw new RuleSyntaxException("can't delete chain `" + name + "': " + refs + " rule(s) jump to it: Too many links");
        if (!c.rules.isEmpty()) throw new RuleSyntaxException("can't delete chain `" + name + "': Directory not empty");
        staging.users.remove(name);
    }
}
