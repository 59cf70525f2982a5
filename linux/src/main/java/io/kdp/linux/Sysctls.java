package io.kdp.linux;

import java.util.Map;
import java.util.TreeMap;

/**
 * The sysctls of one namespace that change packet handling, with Linux's defaults. Per-device
 * settings ({@code net.ipv4.conf.DEV.KEY}) combine with {@code conf.all} the way the kernel's
 * IN_DEV_* macros do: rp_filter takes the maximum, route_localnet and forwarding either one.
 */
public final class Sysctls {
    /** Linux defaults (Documentation/networking/ip-sysctl.rst) for a fresh namespace. */
    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("net.ipv4.ip_forward", "0"),
            Map.entry("net.ipv4.conf.all.rp_filter", "0"),
            Map.entry("net.ipv4.conf.default.rp_filter", "0"),
            Map.entry("net.ipv4.conf.all.route_localnet", "0"),
            Map.entry("net.ipv4.conf.all.proxy_arp", "0"),
            Map.entry("net.ipv4.ip_default_ttl", "64"),
            Map.entry("net.ipv4.vs.conntrack", "0"),
            Map.entry("net.bridge.bridge-nf-call-iptables", "1"),
            Map.entry("net.netfilter.nf_conntrack_tcp_loose", "1"),
            Map.entry("net.ipv4.vs.expire_nodest_conn", "0"),
            Map.entry("net.ipv4.vs.expire_quiescent_template", "0"),
            Map.entry("net.ipv4.vs.conn_reuse_mode", "1"),
            Map.entry("net.netfilter.nf_conntrack_tcp_be_liberal", "0"));

    private final Map<String, String> values = new TreeMap<>(DEFAULTS);
    /**
     * {@link #getInt} answers by the key as the caller spelt it: the packet path reads the same few
     * sysctls for every packet, so they are parsed once, not per packet. Any {@link #set} clears it.
     */
    private final Map<String, Object> parsed = new java.util.HashMap<>();
    /** A cached "absent or not an integer": the caller's fallback applies. */
    private static final Object NOT_INT = new Object();

    /** Sets a sysctl; keys may use dots or slashes as {@code sysctl -w} accepts. */
    public void set(String key, String value) {
        values.put(normalize(key), value.trim());
        parsed.clear();
    }

    public String get(String key) {
        return values.get(normalize(key));
    }

    public int getInt(String key, int fallback) {
        Object v = parsed.get(key);
        if (v == null) {
            v = NOT_INT;
            String text = get(key);
            if (text != null) {
                try {
                    v = Integer.valueOf(Integer.parseInt(text));
                } catch (NumberFormatException e) {
                    // not an integer: the fallback applies
                }
            }
            parsed.put(key, v);
        }
        return v instanceof Integer i ? i : fallback;
    }

    /** Whether a key is one this emulator knows (a default exists, or it is a per-device conf key). */
    public static boolean isKnown(String key) {
        String k = normalize(key);
        return DEFAULTS.containsKey(k) || k.matches("net\\.ipv4\\.conf\\.[^.]+\\.(rp_filter|route_localnet|proxy_arp|forwarding|arp_ignore|arp_announce)")
                || k.matches("net\\.netfilter\\.nf_conntrack_tcp_timeout_[a-z_]+");
    }

    /** Effective per-device value (IN_DEV_CONF_GET with conf.all), for the device named {@code dev}. */
    public int deviceConf(String dev, String key) {
        int all = getInt("net.ipv4.conf.all." + key, 0);
        int def = getInt("net.ipv4.conf.default." + key, 0);
        int own = getInt("net.ipv4.conf." + dev + "." + key, def);
        return switch (key) {
            case "rp_filter" -> Math.max(all, own); // IN_DEV_RPFILTER: max(all, dev)
            default -> (all != 0 || own != 0) ? 1 : 0; // IN_DEV_ORCONF
        };
    }

    public boolean ipForward() {
        return getInt("net.ipv4.ip_forward", 0) != 0;
    }

    /** All values, sorted, for printing as {@code sysctl -a} would. */
    public Map<String, String> all() {
        return java.util.Collections.unmodifiableMap(values);
    }

    private static String normalize(String key) {
        return key.trim().replace('/', '.');
    }
}
