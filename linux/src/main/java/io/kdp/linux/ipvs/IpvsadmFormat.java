package io.kdp.linux.ipvs;

import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * ipvsadm's text output (ipvsadm.c print_title, print_service_entry; libipvs ipvs_cmp_services,
 * ipvs_cmp_dests): {@code ipvsadm -Ln} and {@code ipvsadm -Sn} (what {@code ipvsadm-save -n}
 * prints). Services and servers are sorted as ipvsadm sorts them: by firewall mark, protocol,
 * address, port, where the address comparison is a wrapping 32-bit subtraction as in C, with
 * glibc's merge sort (glibc 2.36, Debian 12) so even that non-transitive order comes out the same.
 * The kernel hands services over in hash-table order; this emulation starts from creation order.
 */
final class IpvsadmFormat {
    private IpvsadmFormat() {}

    static final String TITLE = "Prot LocalAddress:Port Scheduler Flags\n"
            + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";

    /** {@code ipvsadm -Ln}. */
    static String list(Collection<VirtualService> services) {
        StringBuilder sb = new StringBuilder();
        sb.append("IP Virtual Server version ").append(Ipvs.VERSION).append(" (size=").append(Ipvs.CONN_TAB_SIZE).append(")\n");
        sb.append(TITLE);
        for (VirtualService svc : sortedServices(services)) {
            ServiceConfig cfg = svc.config();
            String name = svc.key().isFwmark() ? "FWM  " + Integer.toUnsignedString(svc.key().fwmark())
                    : ServiceKey.protoName(svc.key().protocol()) + "  " + Ip4.format(svc.key().address()) + ":" + svc.key().port();
            if (name.length() > 33) name = name.substring(0, 33); // svc_name[33] = '\0'
            sb.append(name).append(' ').append(cfg.scheduler());
            String flags = schedFlags(cfg.scheduler(), cfg.schedFlags());
            if (!flags.isEmpty()) sb.append(" (").append(flags).append(')');
            if (cfg.persistent()) {
                sb.append(" persistent ").append(Integer.toUnsignedString(cfg.timeout()));
                if (cfg.netmask() != -1) sb.append(" mask ").append(Ip4.format(cfg.netmask()));
            }
            if (cfg.onePacket()) sb.append(" ops");
            sb.append('\n');
            for (RealServer d : sortedDests(svc.dests())) {
                String dname = d.endpoint();
                if (dname.length() > 28) dname = dname.substring(0, 28);
                sb.append("  -> ").append(pad(dname, 28)).append(' ').append(pad(d.forward().display(), 7)).append(' ')
                        .append(pad(Integer.toString(d.weight()), 6)).append(' ')
                        .append(pad(Integer.toUnsignedString(d.activeConns()), 10)).append(' ')
                        .append(pad(Integer.toUnsignedString(d.inactConns()), 10)).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code ipvsadm -Sn}: one {@code -A} line per service, then an {@code -a} line per server. */
    static String save(Collection<VirtualService> services) {
        StringBuilder sb = new StringBuilder();
        for (VirtualService svc : sortedServices(services)) {
            ServiceConfig cfg = svc.config();
            String name = svc.key().option();
            sb.append("-A ").append(name).append(" -s ").append(cfg.scheduler());
            String flags = schedFlags(cfg.scheduler(), cfg.schedFlags());
            if (!flags.isEmpty()) sb.append(" -b ").append(flags);
            if (cfg.persistent()) {
                sb.append(" -p ").append(Integer.toUnsignedString(cfg.timeout()));
                if (cfg.netmask() != -1) sb.append(" -M ").append(Ip4.format(cfg.netmask()));
            }
            if (cfg.onePacket()) sb.append(" -o");
            sb.append('\n');
            for (RealServer d : sortedDests(svc.dests())) {
                sb.append("-a ").append(name).append(" -r ").append(d.endpoint()).append(' ').append(d.forward().option())
                        .append(" -w ").append(d.weight()).append('\n');
            }
        }
        return sb.toString();
    }

    /** print_sched_flags: scheduler-specific names, comma separated. */
    static String schedFlags(String sched, int flags) {
        List<String> names = new ArrayList<>();
        String f1 = sched.equals("sh") ? "sh-fallback" : sched.equals("mh") ? "mh-fallback" : "flag-1";
        String f2 = sched.equals("sh") ? "sh-port" : sched.equals("mh") ? "mh-port" : "flag-2";
        if ((flags & ServiceConfig.SCHED1) != 0) names.add(f1);
        if ((flags & ServiceConfig.SCHED2) != 0) names.add(f2);
        if ((flags & ServiceConfig.SCHED3) != 0) names.add("flag-3");
        return String.join(",", names);
    }

    /** ipvs_cmp_services: C int subtractions, wrapping like the original. */
    static int compareServices(VirtualService a, VirtualService b) {
        ServiceKey x = a.key(), y = b.key();
        int r = x.fwmark() - y.fwmark();
        if (r != 0) return r;
        r = x.protocol() - y.protocol();
        if (r != 0) return r;
        r = x.address() - y.address();
        if (r != 0) return r;
        return x.port() - y.port();
    }

    /** ipvs_cmp_dests. */
    static int compareDests(RealServer a, RealServer b) {
        int r = a.address() - b.address();
        if (r != 0) return r;
        return a.port() - b.port();
    }

    static List<VirtualService> sortedServices(Collection<VirtualService> services) {
        return msort(new ArrayList<>(services), IpvsadmFormat::compareServices);
    }

    static List<RealServer> sortedDests(Collection<RealServer> dests) {
        return msort(new ArrayList<>(dests), IpvsadmFormat::compareDests);
    }

    /** glibc's qsort for small arrays (msort_with_tmp): top-down merge sort, left element wins ties. */
    static <T> List<T> msort(List<T> items, Comparator<T> cmp) {
        int n = items.size();
        if (n <= 1) return items;
        int n1 = n / 2;
        List<T> left = msort(new ArrayList<>(items.subList(0, n1)), cmp);
        List<T> right = msort(new ArrayList<>(items.subList(n1, n)), cmp);
        List<T> out = new ArrayList<>(n);
        int i = 0, j = 0;
        while (i < left.size() && j < right.size()) {
            if (cmp.compare(left.get(i), right.get(j)) <= 0) out.add(left.get(i++));
            else out.add(right.get(j++));
        }
        while (i < left.size()) out.add(left.get(i++));
        while (j < right.size()) out.add(right.get(j++));
        return out;
    }

    /** printf {@code %-Ns}. */
    private static String pad(String s, int width) {
        if (s.length() >= width) return s;
        return s + " ".repeat(width - s.length());
    }
}
