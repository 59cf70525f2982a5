package io.kdp.linux;

import io.kdp.linux.route.Route;
import io.kdp.linux.route.RouteParser;

/** {@code ip route add|append|replace|del ...} against one namespace, with iproute2's errors. */
final class IpRouteCommand {
    private IpRouteCommand() {}

    static void run(NetNamespace ns, String args) {
        String a = args.trim();
        int sp = a.indexOf(' ');
        if (sp < 0) throw new IllegalArgumentException("ip route " + a + ": missing route");
        String verb = a.substring(0, sp);
        String rest = a.substring(sp + 1);
        Route r = verb.startsWith("del") ? RouteParser.parseDelete(rest) : RouteParser.parseAdd(rest);
        if (r.dev() != null && ns.device(r.dev()) == null) {
            throw new io.kdp.linux.route.RtnetlinkException("Cannot find device \"" + r.dev() + "\"");
        }
        switch (verb) {
            case "add" -> ns.fib().addRoute(r);
            case "append" -> ns.fib().appendRoute(r);
            case "replace" -> ns.fib().replaceRoute(r);
            case "del", "delete" -> ns.fib().deleteRoute(r);
            default -> throw new IllegalArgumentException("ip route: unknown command \"" + verb + "\"");
        }
    }
}
