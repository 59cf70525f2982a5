package io.kdp.linux.bpf;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.socket.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A cgroup v2 directory with the BPF programs attached to it (kernel/bpf/cgroup.c). Programs are
 * attached with BPF_F_ALLOW_MULTI semantics: a socket's effective programs for an attach type are
 * those of its own cgroup followed by those of each ancestor up to the root (compute_effective_progs),
 * so a program attached to a host's root cgroup reaches every process below it, in any network
 * namespace, as Cilium's socket load balancer relies on.
 *
 * <p>The root also keeps what the kernel keeps per socket and per namespace that those programs
 * see: socket cookies, namespace cookies, and the address a connected socket talks to after
 * connect4 rewrote it ({@link SockAddrHooks}).
 */
public final class Cgroup {
    private final String name;
    private final Cgroup parent;
    private final NetNamespace host;
    private final Map<String, Cgroup> children = new LinkedHashMap<>();
    private final Map<CgroupAttachType, List<SockAddrProgram>> programs = new EnumMap<>(CgroupAttachType.class);
    // root-only state
    private final Map<Socket, SockAddrHooks.SocketState> sockets;
    private final Map<NetNamespace, Long> netnsCookies;
    private long nextSocketCookie = 1;
    private long nextNetnsCookie = 1;

    private Cgroup(String name, Cgroup parent, NetNamespace host) {
        this.name = name;
        this.parent = parent;
        this.host = host;
        this.sockets = parent == null ? new WeakHashMap<>() : null;
        this.netnsCookies = parent == null ? new WeakHashMap<>() : null;
        if (parent == null) netnsCookie(host);
    }

    /** The root cgroup of a host whose own (init) network namespace is {@code host}. */
    public static Cgroup root(NetNamespace host) {
        return new Cgroup("", null, host);
    }

    /** {@code mkdir}: the child cgroup of that name, created if needed. */
    public Cgroup child(String childName) {
        if (childName == null || childName.isEmpty() || childName.contains("/")) throw new IllegalArgumentException("'" + childName + "' is not a cgroup name");
        return children.computeIfAbsent(childName, n -> new Cgroup(n, this, host));
    }

    /** The path below the cgroup2 mount, {@code /} for the root. */
    public String path() {
        if (parent == null) return "/";
        String p = parent.path();
        return (p.equals("/") ? "" : p) + "/" + name;
    }

    public Cgroup parent() { return parent; }

    public Cgroup root() {
        return parent == null ? this : parent.root();
    }

    /** The host's own network namespace (where bpf_get_netns_cookie(NULL) points). */
    public NetNamespace hostNamespace() {
        return host;
    }

    /** BPF_PROG_ATTACH with BPF_F_ALLOW_MULTI. */
    public void attach(CgroupAttachType type, SockAddrProgram program) {
        programs.computeIfAbsent(type, t -> new ArrayList<>()).add(program);
    }

    /** BPF_PROG_DETACH. */
    public void detach(CgroupAttachType type, SockAddrProgram program) {
        List<SockAddrProgram> l = programs.get(type);
        if (l != null) l.remove(program);
    }

    /** The programs attached to this cgroup itself ({@code bpftool cgroup show}). */
    public List<SockAddrProgram> attached(CgroupAttachType type) {
        return Collections.unmodifiableList(programs.getOrDefault(type, List.of()));
    }

    /** The programs that run for a socket in this cgroup: its own, then its ancestors' ({@code bpftool cgroup show --effective}). */
    public List<SockAddrProgram> effective(CgroupAttachType type) {
        List<SockAddrProgram> out = new ArrayList<>();
        for (Cgroup c = this; c != null; c = c.parent) out.addAll(c.programs.getOrDefault(type, List.of()));
        return out;
    }

    /** bpf_get_netns_cookie for {@code ns}: assigned on first use, the host's own namespace first. */
    public long netnsCookie(NetNamespace ns) {
        Cgroup r = root();
        return r.netnsCookies.computeIfAbsent(ns, n -> r.nextNetnsCookie++);
    }

    SockAddrHooks.SocketState socketState(Socket s) {
        Cgroup r = root();
        return r.sockets.computeIfAbsent(s, k -> new SockAddrHooks.SocketState(r.nextSocketCookie++));
    }

    @Override
    public String toString() {
        return path();
    }
}
