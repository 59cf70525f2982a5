package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.packet.Ip4;

/**
 * {@code -m recent} revision 1 (xt_recent.c recent_mt): lists of recently seen addresses, kept
 * per namespace by name. kube-proxy's ClientIP session affinity is {@code --set} in the endpoint
 * chain and {@code --rcheck --seconds 10800 --reap} in the service chain.
 *
 * @param op one of {@link #SET}, {@link #RCHECK}, {@link #UPDATE}, {@link #REMOVE}
 */
public record RecentMatch(int op, boolean invert, int seconds, boolean reap, int hitCount, boolean rttl, String name,
                          int mask, boolean rdest) implements Match {
    public static final int SET = 1, RCHECK = 2, UPDATE = 4, REMOVE = 8;

    @Override
    public String module() { return "recent"; }

    @Override
    public void save(StringBuilder sb) {
        if (invert) sb.append(" !");
        sb.append(switch (op) {
            case SET -> " --set";
            case RCHECK -> " --rcheck";
            case UPDATE -> " --update";
            default -> " --remove";
        });
        if (seconds != 0) sb.append(" --seconds ").append(seconds);
        if (reap) sb.append(" --reap");
        if (hitCount != 0) sb.append(" --hitcount ").append(hitCount);
        if (rttl) sb.append(" --rttl");
        sb.append(" --name ").append(name);
        sb.append(" --mask ").append(Ip4.format(mask));
        sb.append(rdest ? " --rdest" : " --rsource");
    }

    @Override
    public boolean pure() {
        return false;
    }

    @Override
    public boolean matches(SkBuff skb, Hook hook, Iptables ipt) {
        RecentTable t = ipt.recentTable(name);
        if (t == null) return false;
        var p = skb.packet();
        int addr = (rdest ? p.dst() : p.src()) & t.mask();
        int ttl = p.ipv4().ttl();
        // "use TTL as seen before forwarding": forwarded packets were already decremented
        if (skb.outDev() != null && skb.inDev() != null) ttl++;
        long now = RecentTable.jiffies(ipt.env().nanos());
        boolean ret = invert;
        RecentTable.Entry e = t.lookup(addr, rttl ? ttl : 0);
        if (e == null) {
            if (op != SET) return ret;
            t.insert(addr, ttl, now);
            return !ret;
        }
        if (op == SET) {
            ret = !ret;
        } else if (op == REMOVE) {
            t.remove(e);
            return !ret;
        } else if (seconds != 0 || hitCount != 0) {
            long time = now - seconds * RecentTable.HZ;
            int hits = 0;
            for (int i = 0; i < e.count; i++) {
                if (seconds != 0 && e.stamps[i] < time) continue;
                if (hitCount == 0 || ++hits >= hitCount) {
                    ret = !ret;
                    break;
                }
            }
            if (reap) t.reap(time, e, op == UPDATE && ret);
        } else {
            ret = !ret;
        }
        if (op == SET || (op == UPDATE && ret)) {
            t.update(e, now);
            e.ttl = ttl;
        }
        return ret;
    }

    static final class Builder implements MatchBuilder {
        private int op;
        private boolean invert, reap, rttl, rdest;
        private int seconds, hitCount;
        private String name = "DEFAULT";
        private int mask = -1;

        @Override
        public boolean option(String option, boolean inv, Args args) throws RuleSyntaxException {
            int o = switch (option) {
                case "--set" -> SET;
                case "--rcheck" -> RCHECK;
                case "--update" -> UPDATE;
                case "--remove" -> REMOVE;
                default -> 0;
            };
            if (o != 0) {
                if (op != 0) throw new RuleSyntaxException("recent: only one of \"--set\", \"--rcheck\", \"--update\" or \"--remove\" may be given");
                op = o;
                invert |= inv;
                return true;
            }
            switch (option) {
                case "--seconds" -> seconds = XtParse.number(args.value(option), 1, Integer.MAX_VALUE, "--seconds value");
                case "--reap" -> reap = true;
                case "--hitcount" -> hitCount = XtParse.number(args.value(option), 0, Integer.MAX_VALUE, "--hitcount value");
                case "--rttl" -> rttl = true;
                case "--name" -> {
                    name = args.value(option);
                    if (name.isEmpty() || name.length() >= 200 || name.contains("/")) throw new RuleSyntaxException("recent: invalid --name \"" + name + "\"");
                }
                case "--rsource" -> rdest = false;
                case "--rdest" -> rdest = true;
                case "--mask" -> {
                    String m = args.value(option);
                    if (!Ip4.isValid(m)) throw new RuleSyntaxException("recent: invalid --mask \"" + m + "\"");
                    mask = Ip4.parse(m);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Match build(RuleBase base) throws RuleSyntaxException {
            if (op == 0) throw new RuleSyntaxException("recent: you must specify one of \"--set\", \"--rcheck\" \"--update\" or \"--remove\"");
            if (reap && seconds == 0) throw new RuleSyntaxException("recent: --reap requires --seconds");
            if ((seconds != 0 || hitCount != 0) && (op == SET || op == REMOVE)) {
                throw new RuleSyntaxException("recent: --seconds and --hitcount only work with --rcheck or --update");
            }
            if (rttl && (op == SET || op == REMOVE)) throw new RuleSyntaxException("recent: --rttl only works with --rcheck or --update");
            if (hitCount > RecentTable.PKT_LIST_TOT) {
                throw new RuleSyntaxException("recent: hitcount (" + hitCount + ") is larger than allowed maximum (" + RecentTable.PKT_LIST_TOT + ")");
            }
            return new RecentMatch(op, invert, seconds, reap, hitCount, rttl, name, mask, rdest);
        }
    }
}
