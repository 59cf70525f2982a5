package io.kdp.cluster.bench;

/**
 * Real-sized {@code iptables-save} dumps for the offline tracer's benchmark (issue 4, item 5): the
 * nat and filter tables kube-proxy's iptables mode writes for a {@link SyntheticServices} state,
 * loaded into an emulated node by the real proxier and saved as {@code iptables-save} prints them.
 * At 5,000 Services of 2 endpoints that is about 40,000 rules (per Service: one KUBE-SERVICES rule,
 * a KUBE-SVC chain with the masquerade rule and one rule per endpoint, and two rules per KUBE-SEP).
 */
public final class KubeProxyDump {
    private KubeProxyDump() {}

    /** The node's {@code iptables-save} output after kube-proxy (iptables mode) loaded the state. */
    public static String iptablesSave(SyntheticServices state) {
        return BenchNode.build(ProxyMode.IPTABLES, state).ns().iptables().save();
    }

    /** The {@code -A} lines of a dump: its rules. */
    public static int rules(String save) {
        int n = 0;
        for (String line : save.split("\n")) if (line.startsWith("-A ")) n++;
        return n;
    }
}
