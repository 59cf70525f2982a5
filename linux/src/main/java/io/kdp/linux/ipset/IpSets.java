package io.kdp.linux.ipset;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.SkBuff;
import io.kdp.linux.iptables.IpSetLookup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ipsets of one network namespace (ip_set_core.c): create, add, del, test, flush, destroy,
 * rename and swap; {@code ipset save} and {@code ipset restore} in ipset 7.17's format (Debian 12:
 * hash sets print {@code bucketsize 12 initval 0x...}); and {@code -m set} lookups for iptables
 * as an {@link IpSetLookup}. Sets keep their index (creation order, freed indices reused), which is
 * the order {@code ipset save} lists them in. A set created without {@code initval} gets one from
 * this namespace's own seeded random source, where the kernel takes get_random_u32().
 */
public final class IpSets implements IpSetLookup {
    /** The ipset userspace version whose output is reproduced. */
    public static final String VERSION = "7.17";
    /** IPSET_MAXNAMELEN - 1. */
    public static final int MAX_NAME = 31;

    private final List<IpSet> byIndex = new ArrayList<>();
    private final Map<String, IpSet> byName = new HashMap<>();
    private final SplittableRandom random;

    /** The sets of {@code ns}; plug them into iptables with {@code ns.iptables().ipsets(sets)}. */
    public IpSets(NetNamespace ns) {
        this(ns.name().hashCode());
    }

    /** Sets with initvals drawn from a given seed (tests, tools). */
    public IpSets(long seed) {
        this.random = new SplittableRandom(seed ^ 0x1b5e7L);
    }

    @Override
    public boolean exists(String name) {
        return byName.containsKey(name);
    }

    /** xt_set / ip_set_test: a match with fewer src/dst flags than the set's dimension never matches. */
    @Override
    public boolean test(String name, SkBuff skb, int dimensions, int srcFlags) {
        IpSet set = byName.get(name);
        if (set == null || dimensions < set.type().dimension()) return false;
        return set.matches(skb.packet(), srcFlags);
    }

    /** The set of that name, or null. */
    public IpSet get(String name) {
        return byName.get(name);
    }

    /** The sets in index order. */
    public List<IpSet> sets() {
        List<IpSet> out = new ArrayList<>();
        for (IpSet s : byIndex) if (s != null) out.add(s);
        return out;
    }

    /**
     * {@code ipset create NAME TYPE [options]}: {@code family inet}, {@code hashsize}, {@code maxelem},
     * {@code bucketsize}, {@code initval} for hash types, {@code range A-B} for bitmap:port.
     */
    public IpSet create(String name, String typeName, List<String> options, boolean exist) {
        if (name.length() > MAX_NAME) throw new IpsetException("Syntax error: setname '" + name + "' is longer than " + MAX_NAME + " characters");
        IpSetType type = IpSetType.of(typeName);
        if (type == null) throw new IpsetException("Syntax error: typename '" + typeName + "' is unknown");
        int hashsize = 1024, maxelem = 65536, bucketsize = 12, first = -1, last = -1;
        Integer initval = null;
        for (int i = 0; i < options.size(); i++) {
            String opt = options.get(i);
            boolean hashOpt = type.isHash();
            String v = i + 1 < options.size() ? options.get(i + 1) : null;
            switch (opt) {
                case "family" -> {
                    need(v, opt);
                    if (!hashOpt) throw unknown(opt);
                    if (!v.equals("inet")) throw new IpsetException("Syntax error: family " + v + " is not supported by this emulation (inet only)");
                    i++;
                }
                case "hashsize" -> {
                    if (!hashOpt) throw unknown(opt);
                    hashsize = Elements.number(need(v, opt), 1, Integer.MAX_VALUE);
                    i++;
                }
                case "maxelem" -> {
                    if (!hashOpt) throw unknown(opt);
                    maxelem = Elements.number(need(v, opt), 1, Integer.MAX_VALUE);
                    i++;
                }
                case "bucketsize" -> {
                    if (!hashOpt) throw unknown(opt);
                    int b = Elements.number(need(v, opt), 1, 255);
                    // Kernel clamps to [AHASH_INIT_SIZE * 2, AHASH_MAX_SIZE] and rounds up to even.
                    bucketsize = Math.min(Math.max(b, 4), 64);
                    if (bucketsize % 2 != 0) bucketsize++;
                    i++;
                }
                case "initval" -> {
                    if (!hashOpt) throw unknown(opt);
                    String t = need(v, opt);
                    try {
                        initval = (int) Long.parseLong(t.startsWith("0x") ? t.substring(2) : t, t.startsWith("0x") ? 16 : 10);
                    } catch (NumberFormatException e) {
                        throw new IpsetException("Syntax error: '" + t + "' is invalid as number");
                    }
                    i++;
                }
                case "range" -> {
                    if (hashOpt) throw unknown(opt);
                    String t = need(v, opt);
                    int dash = t.indexOf('-');
                    if (dash < 0) throw new IpsetException("Syntax error: range " + t + " is not a port range FROM-TO");
                    first = Elements.number(t.substring(0, dash), 0, 65535);
                    last = Elements.number(t.substring(dash + 1), 0, 65535);
                    if (last < first) {
                        int x = first;
                        first = last;
                        last = x;
                    }
                    i++;
                }
                default -> throw unknown(opt);
            }
        }
        if (type == IpSetType.BITMAP_PORT && first < 0) throw new IpsetException("Mandatory option `range' is missing");
        IpSet existing = byName.get(name);
        if (existing != null) {
            if (exist && existing.type() == type) return existing;
            throw new IpsetException("Set cannot be created: set with the same name already exists");
        }
        IpSet set = type == IpSetType.BITMAP_PORT ? new BitmapPortSet(name, first, last)
                : new HashIpSet(name, type, hashsize, maxelem, bucketsize, initval != null ? initval : random.nextInt());
        int free = byIndex.indexOf(null);
        if (free >= 0) byIndex.set(free, set);
        else byIndex.add(set);
        byName.put(name, set);
        return set;
    }

    private static String need(String v, String opt) {
        if (v == null) throw new IpsetException("Syntax error: option " + opt + " requires a value");
        return v;
    }

    private static IpsetException unknown(String opt) {
        return new IpsetException("Unknown argument: `" + opt + "'");
    }

    private IpSet require(String name) {
        IpSet s = byName.get(name);
        if (s == null) throw new IpsetException("The set with the given name does not exist");
        return s;
    }

    /** {@code ipset add}; with {@code exist} an element already present is no error. */
    public void add(String name, String element, boolean exist) {
        if (!require(name).add(element) && !exist) throw new IpsetException("Element cannot be added to the set: it's already added");
    }

    /** {@code ipset del}. */
    public void del(String name, String element, boolean exist) {
        if (!require(name).del(element) && !exist) throw new IpsetException("Element cannot be deleted from the set: it's not added");
    }

    /** {@code ipset test}. */
    public boolean test(String name, String element) {
        return require(name).test(element);
    }

    /** {@code ipset flush [NAME]}. */
    public void flush(String name) {
        if (name == null) {
            for (IpSet s : sets()) s.flush();
        } else {
            require(name).flush();
        }
    }

    /** {@code ipset destroy [NAME]}. */
    public void destroy(String name) {
        if (name == null) {
            byIndex.clear();
            byName.clear();
            return;
        }
        IpSet s = require(name);
        byIndex.set(byIndex.indexOf(s), null);
        byName.remove(name);
    }

    /** {@code ipset rename FROM TO}. */
    public void rename(String from, String to) {
        IpSet s = require(from);
        if (byName.containsKey(to)) throw new IpsetException("Set cannot be renamed: a set with the new name already exists");
        byName.remove(from);
        s.rename(to);
        byName.put(to, s);
    }

    /** {@code ipset swap A B}: the sets exchange names and index positions keep their names. */
    public void swap(String a, String b) {
        IpSet x = require(a), y = require(b);
        if (x.type() != y.type()) throw new IpsetException("The sets cannot be swapped: their type does not match");
        int ix = byIndex.indexOf(x), iy = byIndex.indexOf(y);
        byIndex.set(ix, y);
        byIndex.set(iy, x);
        x.rename(b);
        y.rename(a);
        byName.put(a, y);
        byName.put(b, x);
    }

    /** {@code ipset save}: each set's create line followed by its members. */
    public String save() {
        StringBuilder sb = new StringBuilder();
        for (IpSet s : sets()) {
            sb.append(s.createLine()).append('\n');
            for (String m : s.members()) sb.append("add ").append(s.name()).append(' ').append(m).append('\n');
        }
        return sb.toString();
    }

    /** {@code ipset restore}: runs each line; stops at the first error, naming its line. */
    public void restore(String text) throws IpsetRestoreException {
        IpsetRestore.run(this, text);
    }
}
