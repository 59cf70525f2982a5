package io.kdp.linux.ipset;

import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * bitmap:port (ip_set_bitmap_port.c): one bit per port of a fixed range. Adding accepts a port or
 * a {@code from-to} range; a packet matches by its TCP or UDP port only (ip_set_get_ip_port).
 */
final class BitmapPortSet extends IpSet {
    private final int first;
    private final int last;
    private BitSet bits = new BitSet();

    BitmapPortSet(String name, int first, int last) {
        super(name, IpSetType.BITMAP_PORT);
        this.first = first;
        this.last = last;
    }

    private int[] range(String element) {
        if (element.indexOf(',') >= 0) throw new IpsetException("Syntax error: Elem separator in " + element + ", but settype bitmap:port supports none.");
        int dash = element.indexOf('-');
        int a = port(dash < 0 ? element : element.substring(0, dash));
        int b = dash < 0 ? a : port(element.substring(dash + 1));
        if (b < a) {
            int t = a;
            a = b;
            b = t;
        }
        if (a < first || b > last) throw new IpsetException("Element is out of the range of the set");
        return new int[] {a, b};
    }

    private static int port(String text) {
        int colon = text.indexOf(':');
        return Elements.number(colon >= 0 ? text.substring(colon + 1) : text, 0, 65535);
    }

    @Override
    public boolean add(String element) {
        int[] r = range(element);
        if (r[0] == r[1] && bits.get(r[0])) return false;
        bits.set(r[0], r[1] + 1);
        return true;
    }

    @Override
    public boolean del(String element) {
        int[] r = range(element);
        if (r[0] == r[1] && !bits.get(r[0])) return false;
        bits.clear(r[0], r[1] + 1);
        return true;
    }

    @Override
    public boolean test(String element) {
        int[] r = range(element);
        return bits.get(r[0]);
    }

    @Override
    public void check(String element) {
        range(element);
    }

    @Override
    public void flush() {
        bits.clear();
    }

    @Override
    public int size() {
        return bits.cardinality();
    }

    @Override
    public boolean matches(Packet p, int srcFlags) {
        int proto = p.protocol();
        if (proto != IpProtocol.TCP && proto != IpProtocol.UDP) return false;
        int port = Elements.port(p, (srcFlags & 1) != 0);
        return port >= first && port <= last && bits.get(port);
    }

    @Override
    public String createLine() {
        return "create " + name() + " bitmap:port range " + first + "-" + last;
    }

    @Override
    public List<String> members() {
        List<String> out = new ArrayList<>();
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) out.add(Integer.toString(i));
        return out;
    }

}
