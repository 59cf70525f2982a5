package io.kdp.linux.ipvs;

import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;

/**
 * Reads ipvsadm commands as {@code ipvsadm -R} (and so {@code ipvsadm-restore}) does, one per line:
 * {@code -A/-E/-D} for services, {@code -a/-e/-d} for real servers, {@code -C}. Blank lines and
 * {@code #} comments are skipped. The first bad line stops the run with an
 * {@link IpvsadmSyntaxException} naming the line and the offending word.
 */
final class IpvsadmRestore {
    private IpvsadmRestore() {}

    static void run(Ipvs ipvs, String text) throws IpvsadmSyntaxException {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            runLine(ipvs, line, i + 1);
        }
    }

    private enum Cmd { ADD_SERVICE, EDIT_SERVICE, DEL_SERVICE, CLEAR, ADD_DEST, EDIT_DEST, DEL_DEST }

    static void runLine(Ipvs ipvs, String line, int lineNo) throws IpvsadmSyntaxException {
        String[] w = line.strip().split("\\s+");
        Cmd cmd = null;
        ServiceKey key = null;
        String sched = null;
        boolean persistent = false, ops = false;
        int timeout = ServiceConfig.DEFAULT_PERSISTENT_TIMEOUT, netmask = -1, schedFlags = 0;
        Integer rAddr = null;
        int rPort = 0, weight = 1, upper = 0, lower = 0;
        ForwardMethod fwd = null;
        for (int i = 0; i < w.length; i++) {
            String opt = w[i];
            Cmd c = switch (opt) {
                case "-A", "--add-service" -> Cmd.ADD_SERVICE;
                case "-E", "--edit-service" -> Cmd.EDIT_SERVICE;
                case "-D", "--delete-service" -> Cmd.DEL_SERVICE;
                case "-C", "--clear" -> Cmd.CLEAR;
                case "-a", "--add-server" -> Cmd.ADD_DEST;
                case "-e", "--edit-server" -> Cmd.EDIT_DEST;
                case "-d", "--delete-server" -> Cmd.DEL_DEST;
                default -> null;
            };
            if (c != null) {
                if (cmd != null) throw new IpvsadmSyntaxException(lineNo, "multiple commands specified ('" + opt + "')");
                cmd = c;
                continue;
            }
            switch (opt) {
                case "-t", "--tcp-service" -> key = service(IpProtocol.TCP, value(w, i++, opt, lineNo), lineNo);
                case "-u", "--udp-service" -> key = service(IpProtocol.UDP, value(w, i++, opt, lineNo), lineNo);
                case "--sctp-service" -> key = service(IpProtocol.SCTP, value(w, i++, opt, lineNo), lineNo);
                case "-f", "--fwmark-service" -> key = ServiceKey.fwmark(number(value(w, i++, opt, lineNo), 1, 0xffffffffL, "fwmark", lineNo));
                case "-s", "--scheduler" -> {
                    sched = value(w, i++, opt, lineNo);
                    if (Scheduler.create(sched) == null) throw new IpvsadmSyntaxException(lineNo, "Scheduler not found: '" + sched + "'");
                }
                case "-p", "--persistent" -> {
                    persistent = true;
                    if (i + 1 < w.length && !w[i + 1].startsWith("-")) timeout = number(w[++i], 1, 0x7fffffff, "persistent timeout", lineNo);
                }
                case "-M", "--netmask" -> netmask = mask(value(w, i++, opt, lineNo), lineNo);
                case "-b", "--sched-flags" -> schedFlags = flags(value(w, i++, opt, lineNo), lineNo);
                case "-o", "--ops" -> ops = true;
                case "-r", "--real-server" -> {
                    String v = value(w, i++, opt, lineNo);
                    int colon = v.lastIndexOf(':');
                    rAddr = address(colon < 0 ? v : v.substring(0, colon), lineNo);
                    if (colon >= 0) rPort = number(v.substring(colon + 1), 0, 65535, "port", lineNo);
                }
                case "-g", "--gatewaying" -> fwd = ForwardMethod.ROUTE;
                case "-i", "--ipip" -> fwd = ForwardMethod.TUNNEL;
                case "-m", "--masquerading" -> fwd = ForwardMethod.MASQ;
                case "-w", "--weight" -> weight = number(value(w, i++, opt, lineNo), 0, 65535, "weight", lineNo);
                case "-x", "--u-threshold" -> upper = number(value(w, i++, opt, lineNo), 0, 0x7fffffff, "upper threshold", lineNo);
                case "-y", "--l-threshold" -> lower = number(value(w, i++, opt, lineNo), 0, 0x7fffffff, "lower threshold", lineNo);
                default -> throw new IpvsadmSyntaxException(lineNo, "unknown option '" + opt + "'");
            }
        }
        if (cmd == null) throw new IpvsadmSyntaxException(lineNo, "no command specified");
        if (cmd == Cmd.CLEAR) {
            ipvs.clear();
            return;
        }
        if (key == null) throw new IpvsadmSyntaxException(lineNo, "service address not specified (-t, -u, --sctp-service or -f)");
        ServiceConfig cfg = new ServiceConfig(sched, persistent, timeout, netmask, schedFlags, ops);
        try {
            switch (cmd) {
                case ADD_SERVICE -> ipvs.addService(key, cfg);
                case EDIT_SERVICE -> ipvs.editService(key, cfg);
                case DEL_SERVICE -> ipvs.deleteService(key);
                case ADD_DEST, EDIT_DEST, DEL_DEST -> {
                    if (rAddr == null) throw new IpvsadmSyntaxException(lineNo, "real server not specified (-r)");
                    if (rPort == 0 && !key.isFwmark()) rPort = key.port(); // the server port defaults to the service port
                    DestConfig d = new DestConfig(rAddr, rPort, fwd, weight, upper, lower);
                    if (cmd == Cmd.ADD_DEST) ipvs.addDest(key, d);
                    else if (cmd == Cmd.EDIT_DEST) ipvs.editDest(key, d);
                    else ipvs.deleteDest(key, rAddr, rPort);
                }
                default -> throw new IllegalStateException(cmd.name());
            }
        } catch (IpvsException e) {
            throw new IpvsadmSyntaxException(lineNo, e.getMessage());
        }
    }

    private static String value(String[] w, int i, String opt, int lineNo) throws IpvsadmSyntaxException {
        if (i + 1 >= w.length) throw new IpvsadmSyntaxException(lineNo, "option '" + opt + "' requires a value");
        return w[i + 1];
    }

    private static ServiceKey service(int protocol, String v, int lineNo) throws IpvsadmSyntaxException {
        int colon = v.lastIndexOf(':');
        if (colon < 0) throw new IpvsadmSyntaxException(lineNo, "illegal virtual server address[:port] specified: '" + v + "'");
        return ServiceKey.of(protocol, address(v.substring(0, colon), lineNo), number(v.substring(colon + 1), 0, 65535, "port", lineNo));
    }

    private static int address(String v, int lineNo) throws IpvsadmSyntaxException {
        try {
            return Ip4.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IpvsadmSyntaxException(lineNo, "illegal address '" + v + "'");
        }
    }

    private static int mask(String v, int lineNo) throws IpvsadmSyntaxException {
        int m = address(v, lineNo);
        try {
            Ip4.prefixLengthOf(m);
        } catch (IllegalArgumentException e) {
            throw new IpvsadmSyntaxException(lineNo, "illegal netmask '" + v + "'");
        }
        return m;
    }

    private static int number(String v, long min, long max, String what, int lineNo) throws IpvsadmSyntaxException {
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) throw new NumberFormatException();
            return (int) n;
        } catch (NumberFormatException e) {
            throw new IpvsadmSyntaxException(lineNo, "illegal " + what + " '" + v + "'");
        }
    }

    private static int flags(String v, int lineNo) throws IpvsadmSyntaxException {
        int f = 0;
        for (String name : v.split(",")) {
            f |= switch (name) {
                case "flag-1", "sh-fallback", "mh-fallback" -> ServiceConfig.SCHED1;
                case "flag-2", "sh-port", "mh-port" -> ServiceConfig.SCHED2;
                case "flag-3" -> ServiceConfig.SCHED3;
                default -> throw new IpvsadmSyntaxException(lineNo, "invalid scheduler flag '" + name + "'");
            };
        }
        return f;
    }
}
