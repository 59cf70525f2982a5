package io.kdp.linux.bpf;

/** What a tc BPF program returns (TC_ACT_*). */
public enum TcAction {
    /** TC_ACT_OK: the (possibly rewritten) frame goes on its way. */
    OK,
    /** TC_ACT_SHOT: the frame is dropped. */
    SHOT,
    /** TC_ACT_REDIRECT: the program redirected the frame elsewhere (bpf_redirect_neigh); it leaves this path. */
    REDIRECT
}
