package io.kdp.kubeproxy.ebpf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code cilium bpf lb list} (cilium-dbg/cmd/bpf_lb_list.go dumpSVC and TablePrinter): one row
 * per cilium_lb4_services_v2 entry, grouped under the frontend's {@code ip:port/PROTO}: the frontend
 * entry as {@code 0.0.0.0:0 (REVNAT) (0) [FLAGS] }, each backend slot as
 * {@code ip:port/PROTO (REVNAT) (SLOT)} from cilium_lb4_backends_v3, aligned as Go's tabwriter
 * (minwidth 5, padding 3) aligns them. Cilium prints frontends in Go map order, i.e. at random;
 * kdp orders them by rev-NAT index, and each frontend's entries by slot.
 */
public final class LbList {
    static final String SERVICE_ADDRESS = "SERVICE ADDRESS";
    static final String BACKEND_ADDRESS = "BACKEND ADDRESS (REVNAT_ID) (SLOT)";

    private LbList() {}

    public static String render(LbMaps maps) {
        TreeMap<Integer, TreeMap<Integer, String>> byRevNat = new TreeMap<>();
        Map<Integer, String> frontendName = new LinkedHashMap<>();
        maps.services().forEach((k, v) -> {
            String entry;
            if (k.backendSlot() == 0) {
                entry = String.format("%s:%d (%d) (%d) [%s] %s", "0.0.0.0", 0, v.revNatIndex(), 0, ServiceFlags.describe(v.flags()), "");
            } else {
                Lb4Backend b = maps.backends().lookup(v.backendId());
                entry = b == null ? "backend " + v.backendId() + " not found"
                        : String.format("%s:%d/%s (%d) (%d)", io.kdp.packet.Ip4.format(b.address()), b.port(), L4Proto.name(b.proto()), v.revNatIndex(), k.backendSlot());
            }
            frontendName.putIfAbsent(v.revNatIndex(), k.slot(0).toString());
            byRevNat.computeIfAbsent(v.revNatIndex(), r -> new TreeMap<>()).put(k.backendSlot(), entry);
        });
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {SERVICE_ADDRESS, BACKEND_ADDRESS});
        byRevNat.forEach((rev, slots) -> {
            boolean first = true;
            for (String e : slots.values()) {
                rows.add(new String[] {first ? frontendName.get(rev) : "", e});
                first = false;
            }
        });
        return table(rows);
    }

    /** Go's text/tabwriter with minwidth 5, tabwidth 0, padding 3, padchar ' ', every cell tab-terminated. */
    static String table(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (int c = 0; c < cols; c++) {
            width[c] = 5;
            for (String[] r : rows) width[c] = Math.max(width[c], r[c].length() + 3);
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) sb.append(r[c]).append(" ".repeat(width[c] - r[c].length()));
            sb.append('\n');
        }
        return sb.toString();
    }
}
