package io.kdp.linux.bpf;

/**
 * {@code bpftool map dump} in its plain layout for a map without BTF (tools/bpf/bpftool/map.c
 * print_entry_plain and common.c fprint_hex): each entry as {@code key:} and {@code value:} hex
 * bytes, on one line when key and value together fit in 24 bytes and neither exceeds 16, else with
 * the names on lines of their own; 16 bytes a line, an extra gap after 8; then
 * {@code Found N element(s)}. An array map prints every index.
 */
public final class BpftoolMapDump {
    private BpftoolMapDump() {}

    public static <K, V> String dump(BpfMap<K, V> map) {
        StringBuilder sb = new StringBuilder();
        int ks = map.keyCodec().size(), vs = map.valueCodec().size();
        int[] count = {0};
        if (map.type() == BpfMapType.ARRAY) {
            @SuppressWarnings("unchecked")
            BpfMap<Integer, V> array = (BpfMap<Integer, V>) map;
            for (int i = 0; i < map.maxEntries(); i++) {
                entry(sb, BpfCodec.U32.encode(i), array.valueCodec().encode(array.lookup(i)), ks, vs);
                count[0]++;
            }
        } else {
            map.forEach((k, v) -> {
                entry(sb, map.keyCodec().encode(k), map.valueCodec().encode(v), ks, vs);
                count[0]++;
            });
        }
        sb.append("Found ").append(count[0]).append(" element").append(count[0] != 1 ? "s" : "").append('\n');
        return sb.toString();
    }

    private static void entry(StringBuilder sb, byte[] key, byte[] value, int ks, int vs) {
        boolean breakNames = ks > 16 || vs > 16;
        boolean singleLine = ks + vs <= 24 && !breakNames;
        sb.append("key:").append(breakNames ? '\n' : ' ');
        hex(sb, key);
        sb.append(singleLine ? "  " : "\n");
        sb.append("value:").append(breakNames ? '\n' : ' ');
        hex(sb, value);
        sb.append('\n');
    }

    /** fprint_hex with separator " ": a newline every 16 bytes, two spaces after 8. */
    static void hex(StringBuilder sb, byte[] data) {
        for (int i = 0; i < data.length; i++) {
            String pfx = "";
            if (i == 0) {
                // nothing
            } else if (i % 16 == 0) {
                sb.append('\n');
            } else if (i % 8 == 0) {
                sb.append("  ");
            } else {
                pfx = " ";
            }
            sb.append(pfx).append(String.format("%02x", data[i] & 0xff));
        }
    }
}
