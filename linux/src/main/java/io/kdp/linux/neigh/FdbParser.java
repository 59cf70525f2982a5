package io.kdp.linux.neigh;

import io.kdp.linux.route.RouteSyntaxException;
import io.kdp.packet.Ip4;
import io.kdp.packet.MacAddress;

/**
 * Parses {@code bridge fdb show} lines and {@code bridge fdb add} arguments (bridge/fdb.c) into
 * {@link FdbEntry}s. {@code vlan N} is accepted and ignored (VLANs are not modelled).
 */
public final class FdbParser {
    private FdbParser() {}

    /** Parses e.g. {@code 6e:a1:b2:c3:d4:e5 dev flannel.1 dst 192.168.1.12 self permanent}; no state word means learned. */
    public static FdbEntry parseShowLine(String line) {
        return parse(line, true);
    }

    /** Parses {@code bridge fdb add} arguments; the state defaults to permanent, as the real tool's entries show. */
    public static FdbEntry parseAdd(String args) {
        return parse(args, false);
    }

    private static FdbEntry parse(String text, boolean show) {
        String[] w = text == null ? new String[0] : text.trim().split("\\s+");
        MacAddress mac = null;
        String dev = null, master = null;
        int dst = 0;
        boolean self = false, masterFlag = false;
        FdbState state = null;
        for (int i = 0; i < w.length; i++) {
            String k = w[i];
            if (k.isEmpty()) continue;
            switch (k) {
                case "dev" -> dev = value(w, ++i);
                case "dst" -> {
                    String v = value(w, ++i);
                    try {
                        dst = Ip4.parse(v);
                    } catch (IllegalArgumentException e) {
                        throw new RouteSyntaxException("Error: inet address is expected rather than \"" + v + "\".");
                    }
                }
                case "vlan" -> value(w, ++i);
                case "self" -> self = true;
                case "master" -> {
                    masterFlag = true;
                    // show lines name the bridge; on the add command line "master" is a bare flag.
                    if (show) master = value(w, ++i);
                }
                case "permanent", "local" -> state = FdbState.PERMANENT;
                case "static" -> state = FdbState.STATIC;
                case "dynamic" -> state = FdbState.DYNAMIC;
                default -> {
                    String a = k.equals("to") ? value(w, ++i) : k;
                    if (mac != null) throw RouteSyntaxException.garbage("to", a);
                    try {
                        mac = MacAddress.parse(a);
                    } catch (IllegalArgumentException e) {
                        throw new RouteSyntaxException("Invalid mac address " + a);
                    }
                }
            }
        }
        if (mac == null || dev == null) throw new RouteSyntaxException("Device and address are required arguments.");
        if (state == null) state = show ? FdbState.DYNAMIC : FdbState.PERMANENT;
        if (!show && !masterFlag) self = true;
        return new FdbEntry(mac, dev, dst, self, master, state);
    }

    private static String value(String[] w, int i) {
        if (i >= w.length) throw RouteSyntaxException.incomplete();
        return w[i];
    }
}
