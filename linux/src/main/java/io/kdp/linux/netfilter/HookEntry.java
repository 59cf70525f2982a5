package io.kdp.linux.netfilter;

/**
 * One registered hook function (struct nf_hook_ops).
 *
 * @param owner who registered it, as the trace names it ({@code "conntrack"}, {@code "iptables nat"}, {@code "nft ip kube-proxy"})
 */
public record HookEntry(Hook hook, int priority, String owner, HookFunction function) {}
