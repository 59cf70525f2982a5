package io.kdp.linux.bpf;

/** A BPF_PROG_TYPE_SCHED_CLS program attached with direct-action to a device's clsact qdisc. */
public interface TcProgram {
    /** The program's section or function name, e.g. {@code cil_from_netdev}. */
    String name();

    /** Runs the program on one frame. */
    TcAction run(TcContext ctx);
}
