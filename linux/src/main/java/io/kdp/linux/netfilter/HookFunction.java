package io.kdp.linux.netfilter;

import io.kdp.linux.SkBuff;

/** A function registered at a hook (struct nf_hook_ops.hook). */
@FunctionalInterface
public interface HookFunction {
    Verdict apply(SkBuff skb, Hook hook);
}
