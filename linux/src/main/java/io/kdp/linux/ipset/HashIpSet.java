package io.kdp.linux.ipset;

import io.kdp.packet.Ip4;
import io.kdp.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * The hash types: hash:ip, hash:ip,port, hash:ip,port,ip, hash:ip,port,net, hash:net. Elements are
 * kept as the u32 words of the kernel's element structs on a little-endian host, so that
 * {@link HashTable} hashes and orders them exactly as the kernel does:
 * <ul>
 *   <li>addresses {@code __be32}: byte-swapped;</li>
 *   <li>{@code __be16 port; u8 proto; u8 padding}: {@code port_hi | port_lo << 8 | proto << 16};</li>
 *   <li>hash:ip,port,net {@code __be16 port; u8 cidr:7, nomatch:1; u8 proto}: the cidr stored minus one;</li>
 *   <li>hash:net {@code u16 padding; u8 nomatch; u8 cidr}: {@code cidr << 24}.</li>
 * </ul>
 * Net types remember how many members have each prefix length and test a packet against each
 * present prefix, longest first (mtype_test_cidrs).
 */
final class HashIpSet extends IpSet {
    private final int maxelem;
    private final int bucketsize;
    private final int initval;
    private HashTable table;
    /** Members per prefix length (net types). */
    private int[] cidrCount = new int[33];

    HashIpSet(String name, IpSetType type, int hashsize, int maxelem, int bucketsize, int initval) {
        super(name, type);
        this.maxelem = maxelem;
        this.bucketsize = bucketsize;
        this.initval = initval;
        this.table = new HashTable(type.words(), hashsize, bucketsize, initval);
    }

    static int be32(int addr) {
        return Integer.reverseBytes(addr);
    }

    static int portWord(int proto, int port) {
        return ((port >>> 8) & 0xff) | ((port & 0xff) << 8) | ((proto & 0xff) << 16);
    }

    private static int portNetWord(int proto, int port, int cidr) {
        return ((port >>> 8) & 0xff) | ((port & 0xff) << 8) | (((cidr - 1) & 0x7f) << 16) | ((proto & 0xff) << 24);
    }

    /** Parses an element into words; index 3 carries the prefix length for net types. */
    private int[] parse(String element) {
        String[] parts = element.split(",", -1);
        int dims = type().dimension();
        if (parts.length < dims) {
            String which = parts.length == 1 ? "Second" : "Third";
            throw new IpsetException("Syntax error: " + which + " element is missing from " + element + ".");
        }
        if (parts.length > dims) throw new IpsetException("Syntax error: Elem separator in " + element + ", but settype " + type().typeName() + " supports none.");
        return switch (type()) {
            case HASH_IP -> new int[] {be32(Elements.ip(parts[0])), 0, 0, 32};
            case HASH_NET -> {
                int[] n = Elements.net(parts[0]);
                yield new int[] {be32(n[0]), n[1] << 24, 0, n[1]};
            }
            case HASH_IP_PORT -> {
                int pp = Elements.protoPort(parts[1]);
                yield new int[] {be32(Elements.ip(parts[0])), portWord(pp >>> 16, pp & 0xffff), 0, 32};
            }
            case HASH_IP_PORT_IP -> {
                int pp = Elements.protoPort(parts[1]);
                yield new int[] {be32(Elements.ip(parts[0])), be32(Elements.ip(parts[2])), portWord(pp >>> 16, pp & 0xffff), 32};
            }
            case HASH_IP_PORT_NET -> {
                int pp = Elements.protoPort(parts[1]);
                int[] n = Elements.net(parts[2]);
                yield new int[] {be32(Elements.ip(parts[0])), be32(n[0]), portNetWord(pp >>> 16, pp & 0xffff, n[1]), n[1]};
            }
            case BITMAP_PORT -> throw new IllegalStateException();
        };
    }

    private boolean netType() {
        return type() == IpSetType.HASH_NET || type() == IpSetType.HASH_IP_PORT_NET;
    }

    @Override
    public boolean add(String element) {
        int[] w = parse(element);
        if (table.contains(w[0], w[1], w[2])) return false;
        if (table.size() >= maxelem) throw new IpsetException("Hash is full, cannot add more elements");
        table.add(w[0], w[1], w[2]);
        if (netType()) cidrCount[w[3]]++;
        return true;
    }

    @Override
    public boolean del(String element) {
        int[] w = parse(element);
        if (!table.remove(w[0], w[1], w[2])) return false;
        if (netType()) cidrCount[w[3]]--;
        return true;
    }

    @Override
    public boolean test(String element) {
        int[] w = parse(element);
        return table.contains(w[0], w[1], w[2]);
    }

    @Override
    public void check(String element) {
        parse(element);
    }

    @Override
    public void flush() {
        table.clear();
        cidrCount = new int[33];
    }

    @Override
    public int size() {
        return table.size();
    }

    @Override
    public boolean matches(Packet p, int srcFlags) {
        boolean s0 = (srcFlags & 1) != 0, s1 = (srcFlags & 2) != 0, s2 = (srcFlags & 4) != 0;
        int proto = p.protocol();
        switch (type()) {
            case HASH_IP:
                return table.contains(be32(Elements.addr(p, s0)), 0, 0);
            case HASH_IP_PORT:
                return table.contains(be32(Elements.addr(p, s0)), portWord(proto, Elements.port(p, s1)), 0);
            case HASH_IP_PORT_IP:
                return table.contains(be32(Elements.addr(p, s0)), be32(Elements.addr(p, s2)), portWord(proto, Elements.port(p, s1)));
            case HASH_NET: {
                int ip = Elements.addr(p, s0);
                for (int c = 32; c >= 1; c--) {
                    if (cidrCount[c] == 0) continue;
                    if (table.contains(be32(ip & Ip4.mask(c)), c << 24, 0)) return true;
                }
                return false;
            }
            case HASH_IP_PORT_NET: {
                int ip = be32(Elements.addr(p, s0));
                int port = Elements.port(p, s1);
                int ip2 = Elements.addr(p, s2);
                for (int c = 32; c >= 1; c--) {
                    if (cidrCount[c] == 0) continue;
                    if (table.contains(ip, be32(ip2 & Ip4.mask(c)), portNetWord(proto, port, c))) return true;
                }
                return false;
            }
            default:
                return false;
        }
    }

    @Override
    public String createLine() {
        return "create " + name() + " " + type().typeName() + " family inet hashsize " + table.hashsize() + " maxelem " + maxelem
                + " bucketsize " + bucketsize + " initval 0x" + String.format("%08x", initval);
    }

    @Override
    public List<String> members() {
        List<String> out = new ArrayList<>(table.size());
        table.forEach(w -> out.add(format(w)));
        return out;
    }

    private String format(int[] w) {
        return switch (type()) {
            case HASH_IP -> Ip4.format(be32(w[0]));
            case HASH_NET -> Elements.netText(be32(w[0]), w[1] >>> 24);
            case HASH_IP_PORT -> Ip4.format(be32(w[0])) + "," + portText(w[1]);
            case HASH_IP_PORT_IP -> Ip4.format(be32(w[0])) + "," + portText(w[2]) + "," + Ip4.format(be32(w[1]));
            case HASH_IP_PORT_NET -> Ip4.format(be32(w[0])) + "," + Elements.protoPortText(w[2] >>> 24, port(w[2]))
                    + "," + Elements.netText(be32(w[1]), ((w[2] >>> 16) & 0x7f) + 1);
            case BITMAP_PORT -> throw new IllegalStateException();
        };
    }

    private static int port(int word) {
        return ((word & 0xff) << 8) | ((word >>> 8) & 0xff);
    }

    private static String portText(int word) {
        return Elements.protoPortText((word >>> 16) & 0xff, port(word));
    }

}
