package io.kdp.kubeproxy.iptables;

/** A chain kube-proxy creates outside iptables-restore ({@code EnsureChain}: {@code iptables -t T -N CHAIN} unless it exists). */
public record EnsuredChain(String table, String chain) {
    /** The {@code iptables} arguments that create it. */
    public String command() {
        return "-t " + table + " -N " + chain;
    }
}
