package io.kdp.linux.bpf;

import io.kdp.linux.NetNamespace;

/**
 * struct bpf_sock_addr as a cgroup sock_addr program sees it: the address the socket call carries
 * ({@code user_ip4}, {@code user_port}; kdp keeps the port in host order), the protocol, and what
 * the helpers return: bpf_get_socket_cookie, bpf_get_netns_cookie, and the namespace the socket
 * lives in (for bpf_sk_lookup and the program's random numbers, get_prandom_u32).
 */
public final class SockAddrContext {
    private final NetNamespace ns;
    private final int protocol;
    private final long socketCookie;
    private final long netnsCookie;
    private final boolean hostNetns;
    private int userIp4;
    private int userPort;
    private String errno;
    private String reason;

    public SockAddrContext(NetNamespace ns, int protocol, int userIp4, int userPort, long socketCookie, long netnsCookie, boolean hostNetns) {
        this.ns = ns;
        this.protocol = protocol;
        this.userIp4 = userIp4;
        this.userPort = userPort;
        this.socketCookie = socketCookie;
        this.netnsCookie = netnsCookie;
        this.hostNetns = hostNetns;
    }

    public NetNamespace ns() { return ns; }
    public int protocol() { return protocol; }
    public int userIp4() { return userIp4; }
    public void userIp4(int ip) { this.userIp4 = ip; }
    public int userPort() { return userPort; }
    public void userPort(int port) { this.userPort = port; }
    /** bpf_get_socket_cookie: unique for the socket's lifetime. */
    public long socketCookie() { return socketCookie; }
    /** bpf_get_netns_cookie of the socket's namespace. */
    public long netnsCookie() { return netnsCookie; }
    /** Whether the socket lives in the host's own namespace (netns cookie equals the init namespace's). */
    public boolean hostNetns() { return hostNetns; }

    /** bpf_set_retval: the errno the system call returns when the program rejects it, and why (for the trace). */
    public void retval(String errno, String reason) {
        this.errno = errno;
        this.reason = reason;
    }

    /** The errno set by the program, or null. */
    public String errno() { return errno; }

    /** The program's explanation of a rejection, or null. */
    public String reason() { return reason; }
}
