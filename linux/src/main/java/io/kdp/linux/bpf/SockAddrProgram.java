package io.kdp.linux.bpf;

/**
 * A BPF_PROG_TYPE_CGROUP_SOCK_ADDR program: it may rewrite {@link SockAddrContext#userIp4()} and
 * {@link SockAddrContext#userPort()} and returns {@link #SYS_PROCEED} or {@link #SYS_REJECT} (the
 * call then fails with the errno set through {@link SockAddrContext#retval(String, String)},
 * bpf_set_retval, else EPERM).
 */
public interface SockAddrProgram {
    /** The program lets the system call go on. */
    int SYS_PROCEED = 1;
    /** The system call fails. */
    int SYS_REJECT = 0;

    /** The program's name, e.g. {@code cil_sock4_connect}. */
    String name();

    /** Runs the program. */
    int run(SockAddrContext ctx);
}
