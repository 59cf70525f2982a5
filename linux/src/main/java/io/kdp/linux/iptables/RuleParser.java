package io.kdp.linux.iptables;

import io.kdp.linux.conntrack.NatType;
import io.kdp.packet.IpProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Parses the rule part of an iptables command ({@code -s ... -m ... -j ...}) as iptables 1.8
 * does: IP options, {@code -m} modules whose options go to the latest instance of that module,
 * protocol matches loaded implicitly by their options ({@code -p tcp --dport 80}), and target
 * options after {@code -j}.
 */
final class RuleParser {
    private RuleParser() {}

    private record Loaded(String module, MatchBuilder builder, boolean[] completed) {}

    /**
     * @param chainExists whether a user chain of that name exists (for {@code -j CHAIN})
     */
    static Rule parse(Args args, Predicate<String> chainExists) throws RuleSyntaxException {
        int[] s = null, d = null;
        boolean invS = false, invD = false, invP = false, invI = false, invO = false;
        int proto = -1;
        String in = null, out = null;
        List<Loaded> loaded = new ArrayList<>();
        String targetName = null;
        boolean isGoto = false;
        TargetBuilder tb = null;
        boolean invert = false;
        while (args.hasNext()) {
            String w = args.next();
            if (w.equals("!")) {
                if (invert) throw new RuleSyntaxException("multiple consecutive ! not allowed");
                invert = true;
                continue;
            }
            switch (w) {
                case "-s", "--source", "--src" -> {
                    if (s != null) throw new RuleSyntaxException("multiple -s flags not allowed");
                    s = XtParse.addressMask(args.value(w));
                    invS = invert;
                }
                case "-d", "--destination", "--dst" -> {
                    if (d != null) throw new RuleSyntaxException("multiple -d flags not allowed");
                    d = XtParse.addressMask(args.value(w));
                    invD = invert;
                }
                case "-p", "--protocol" -> {
                    if (proto != -1) throw new RuleSyntaxException("multiple -p flags not allowed");
                    String v = args.value(w);
                    proto = v.equalsIgnoreCase("all") ? 0 : v.equalsIgnoreCase("gre") ? 47 : v.equalsIgnoreCase("esp") ? 50
                            : v.equalsIgnoreCase("ah") ? 51 : v.equalsIgnoreCase("igmp") ? 2 : v.equalsIgnoreCase("udplite") ? 136 : IpProtocol.parse(v);
                    if (proto < 0) throw new RuleSyntaxException("unknown protocol \"" + v + "\" specified");
                    if (proto == 0 && invert) throw new RuleSyntaxException("rule would never match protocol");
                    invP = invert;
                }
                case "-i", "--in-interface" -> {
                    if (in != null) throw new RuleSyntaxException("multiple -i flags not allowed");
                    in = iface(args.value(w));
                    invI = invert;
                }
                case "-o", "--out-interface" -> {
                    if (out != null) throw new RuleSyntaxException("multiple -o flags not allowed");
                    out = iface(args.value(w));
                    invO = invert;
                }
                case "-m", "--match" -> {
                    if (invert) throw new RuleSyntaxException("unexpected ! flag before --match");
                    String name = args.value(w);
                    load(loaded, name.toLowerCase(java.util.Locale.ROOT), name);
                }
                case "-j", "--jump", "-g", "--goto" -> {
                    if (invert) throw new RuleSyntaxException("cannot have ! before " + w);
                    if (targetName != null) throw new RuleSyntaxException("multiple -j flags not allowed");
                    targetName = args.value(w);
                    isGoto = w.equals("-g") || w.equals("--goto");
                    if (!isStandard(targetName) && !chainExists.test(targetName)) {
                        if (isGoto) throw new RuleSyntaxException("goto \"" + targetName + "\" is not a chain");
                        tb = targetBuilder(targetName);
                    } else if (isGoto && isStandard(targetName)) {
                        throw new RuleSyntaxException("goto \"" + targetName + "\" is not a chain");
                    }
                }
                default -> {
                    if (!w.startsWith("-")) throw new RuleSyntaxException("Bad argument \"" + w + "\"");
                    if (tb != null && tb.option(w, invert, args)) break;
                    if (offer(loaded, w, invert, args)) break;
                    // libxtables loads the protocol's match on its first unknown option (-p tcp --dport 80)
                    String pm = proto > 0 ? IpProtocol.name(proto) : null;
                    if (pm != null && isProtoModule(pm) && loaded.stream().noneMatch(l -> l.module.equals(pm))) {
                        load(loaded, pm, pm);
                        if (loaded.get(loaded.size() - 1).builder.option(w, invert, args)) break;
                    }
                    throw new RuleSyntaxException("unknown option \"" + w + "\"");
                }
            }
            invert = false;
        }
        if (invert) throw new RuleSyntaxException("no command or option after !");
        if (proto == -1) proto = 0;
        RuleBase base = new RuleBase(proto, invP);
        List<Match> matches = new ArrayList<>(loaded.size());
        for (Loaded l : loaded) matches.add(l.builder.build(base));
        Target target = null;
        if (targetName != null) {
            if (isStandard(targetName)) target = StandardTarget.valueOf(targetName);
            else if (tb != null) target = tb.build(base);
            else target = new JumpTarget(targetName, isGoto);
        }
        int[] sm = s == null ? new int[] {0, 0} : s, dm = d == null ? new int[] {0, 0} : d;
        return new Rule(sm[0], sm[1], invS, dm[0], dm[1], invD, proto, invP, in, invI, out, invO, matches, target);
    }

    private static boolean isStandard(String name) {
        return name.equals("ACCEPT") || name.equals("DROP") || name.equals("RETURN");
    }

    private static boolean isProtoModule(String m) {
        return m.equals("tcp") || m.equals("udp") || m.equals("sctp") || m.equals("icmp");
    }

    /** Interface names: at most 15 characters (IFNAMSIZ), {@code +} as a trailing wildcard. */
    private static String iface(String name) throws RuleSyntaxException {
        if (name.length() > 15) throw new RuleSyntaxException("interface name \"" + name + "\" must be shorter than IFNAMSIZ (15)");
        return name;
    }

    private static void load(List<Loaded> loaded, String module, String written) throws RuleSyntaxException {
        MatchBuilder b = switch (module) {
            case "tcp" -> new PortMatch.Builder(IpProtocol.TCP);
            case "udp" -> new PortMatch.Builder(IpProtocol.UDP);
            case "sctp" -> new PortMatch.Builder(IpProtocol.SCTP);
            case "icmp" -> new IcmpMatch.Builder();
            case "multiport" -> new MultiportMatch.Builder();
            case "comment" -> new CommentMatch.Builder();
            case "addrtype" -> new AddrtypeMatch.Builder();
            case "mark" -> new MarkMatch.Builder();
            case "conntrack" -> new ConntrackMatch.Builder(false);
            case "state" -> new ConntrackMatch.Builder(true);
            case "statistic" -> new StatisticMatch.Builder();
            case "recent" -> new RecentMatch.Builder();
            case "set" -> new SetMatch.Builder();
            case "physdev" -> new PhysdevMatch.Builder();
            case "ipvs" -> new IpvsMatch.Builder();
            default -> throw new RuleSyntaxException("Couldn't load match `" + written + "':No such file or directory");
        };
        // xtables_find_match: loading a module again completes its earlier instance
        for (Loaded l : loaded) if (l.module.equals(module)) l.completed[0] = true;
        loaded.add(new Loaded(module, b, new boolean[1]));
    }

    private static boolean offer(List<Loaded> loaded, String option, boolean invert, Args args) throws RuleSyntaxException {
        for (Loaded l : loaded) {
            if (!l.completed[0] && l.builder.option(option, invert, args)) return true;
        }
        return false;
    }

    static boolean isExtensionTarget(String name) {
        return switch (name) {
            case "REJECT", "DNAT", "SNAT", "MASQUERADE", "REDIRECT", "MARK", "CONNMARK", "LOG", "CT", "NOTRACK", "TRACE" -> true;
            default -> false;
        };
    }

    private static TargetBuilder targetBuilder(String name) throws RuleSyntaxException {
        return switch (name) {
            case "REJECT" -> new RejectTarget.Builder();
            case "DNAT" -> new NatTarget.Builder(NatType.DST);
            case "SNAT" -> new NatTarget.Builder(NatType.SRC);
            case "MASQUERADE" -> new MasqueradeTarget.Builder();
            case "REDIRECT" -> new RedirectTarget.Builder();
            case "MARK" -> new MarkTarget.Builder();
            case "CONNMARK" -> new ConnmarkTarget.Builder();
            case "LOG" -> new LogTarget.Builder();
            case "CT" -> new CtTarget.Builder(false);
            case "NOTRACK" -> new CtTarget.Builder(true);
            case "TRACE" -> new TargetBuilder() {
                @Override
                public boolean option(String option, boolean invert, Args a) {
                    return false;
                }

                @Override
                public ExtensionTarget build(RuleBase base) {
                    return new TraceTarget();
                }
            };
            default -> throw new RuleSyntaxException("Couldn't load target `" + name + "':No such file or directory");
        };
    }
}
