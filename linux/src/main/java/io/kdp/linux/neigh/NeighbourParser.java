package io.kdp.linux.neigh;

import io.kdp.linux.route.RouteSyntaxException;
import io.kdp.packet.Ip4;
import io.kdp.packet.MacAddress;

/**
 * Parses {@code ip neigh show} lines and {@code ip neigh add} arguments (ip/ipneigh.c) into
 * {@link NeighbourEntry}s, with iproute2's error messages.
 */
public final class NeighbourParser {
    private NeighbourParser() {}

    /** Parses {@code 10.0.0.2 dev eth0 lladdr 02:42:ac:11:00:02 REACHABLE} or {@code 10.0.0.50 dev eth0 proxy}. */
    public static NeighbourEntry parseShowLine(String line) {
        return parse(line, true);
    }

    /**
     * Parses {@code ip neigh add} arguments: {@code [proxy] ADDR [lladdr MAC] dev D [nud STATE] [router]};
     * the state defaults to {@code permanent} as iproute2 sets it.
     */
    public static NeighbourEntry parseAdd(String args) {
        return parse(args, false);
    }

    private static NeighbourEntry parse(String text, boolean show) {
        String[] w = text == null ? new String[0] : text.trim().split("\\s+");
        Integer ip = null;
        String dev = null;
        MacAddress lladdr = null;
        NudState state = null;
        boolean router = false, proxy = false;
        for (int i = 0; i < w.length; i++) {
            String k = w[i];
            if (k.isEmpty()) continue;
            switch (k) {
                case "dev" -> dev = value(w, ++i);
                case "lladdr" -> {
                    String v = value(w, ++i);
                    try {
                        lladdr = MacAddress.parse(v);
                    } catch (IllegalArgumentException e) {
                        throw new RouteSyntaxException("\"" + v + "\" is invalid lladdr.");
                    }
                }
                case "nud" -> {
                    String v = value(w, ++i);
                    state = NudState.parse(v);
                    if (state == null) throw RouteSyntaxException.invalidArgument("nud state is bad", v);
                }
                case "router" -> router = true;
                case "proxy" -> proxy = true;
                default -> {
                    NudState printed = show ? printedState(k) : null;
                    if (printed != null) {
                        state = printed;
                        continue;
                    }
                    String a = k.equals("to") ? value(w, ++i) : k;
                    if (ip != null) throw RouteSyntaxException.garbage("to", a);
                    try {
                        ip = Ip4.parse(a);
                    } catch (IllegalArgumentException e) {
                        throw new RouteSyntaxException("Error: inet address is expected rather than \"" + a + "\".");
                    }
                }
            }
        }
        if (ip == null || dev == null) throw new RouteSyntaxException("Device and destination are required arguments.");
        if (proxy) return NeighbourEntry.proxy(ip, dev);
        if (state == null) state = show ? NudState.NONE : NudState.PERMANENT;
        return new NeighbourEntry(ip, dev, lladdr, state, router, false);
    }

    private static NudState printedState(String word) {
        for (NudState s : NudState.values()) if (s != NudState.NONE && s.name().equals(word)) return s;
        return null;
    }

    private static String value(String[] w, int i) {
        if (i >= w.length) throw RouteSyntaxException.incomplete();
        return w[i];
    }
}
