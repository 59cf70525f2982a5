# Traffic driver of the kernel conformance suite (io.kdp.cluster.conformance.TrafficDriver).
#
# Runs inside the rule set's "node" network namespace (ip netns exec NODE python3 driver.py) and reads
# one JSON job from stdin:
#   {"namespaces": {"client": "/run/netns/kdp-..-c", "backend": ...}, "timeout": 0.6, "window": 200,
#    "listen": {"node": [ports], "backend": [ports]},
#    "flows": [{"id": 0, "ns": "client"|"backend"|"node", "proto": "tcp"|"udp", "src": IP, "dst": IP,
#               "dport": N, "count": N, "sequential": bool}, ...]}
#
# Listeners (TCP: accept; UDP: echo) on 0.0.0.0 at the given ports answer every connection that
# reaches the node or a backend, so an accepted connection is "connected" and its conntrack entry
# lives on (a TCP reset as first answer would destroy it at once).
# Each connection gets its own source port (from 20000 up, skipping listener ports), so the node's
# conntrack entry of each one is known by its original tuple. `conntrack -L` is read every second;
# finished sockets are only closed (with a reset, SO_LINGER 0) after the next read, so every
# connection's entry is seen before it can expire.
# Sockets of other namespaces are created after setns(2) into them (a socket stays in the namespace
# it was created in); the driver then returns to the node's.
# "sequential" flows (session affinity) run after all the others, one connection at a time per
# source address, with that address removed from every xt_recent list of the node before each
# (the lists are keyed by source address), so that each is a first connection.
#
# Writes one JSON object to stdout:
#   {"results": [[flowId, sport, "connected"|"refused"|"timeout"|"error:ERRNO"], ...],
#    "conntrack": ["<conntrack -L line>", ...]}
import collections
import ctypes
import errno
import json
import os
import resource
import select
import socket
import struct
import subprocess
import sys
import time

CLONE_NEWNET = 0x40000000
LINGER_RESET = struct.pack("ii", 1, 0)
libc = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, "setns: " + os.strerror(e))


soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

job = json.load(sys.stdin)
timeout = float(job["timeout"])
window = int(job["window"])
home = os.open("/proc/self/ns/net", os.O_RDONLY)
ns_fds = {"node": home}
for name, path in job["namespaces"].items():
    ns_fds[name] = os.open(path, os.O_RDONLY)

poller = select.epoll()
results = []
conntrack_lines = {}
held = []  # finished sockets, closed after the next conntrack read
last_read = [time.monotonic()]
listeners = {}  # fd -> (socket, kind)


def errname(e):
    return "error:" + errno.errorcode.get(e, str(e))


def in_namespace(ns, make):
    fd = ns_fds[ns]
    if fd != home:
        setns(fd)
    try:
        return make()
    finally:
        if fd != home:
            setns(home)


def read_conntrack():
    out = subprocess.run(["conntrack", "-L"], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit("conntrack -L failed: " + out.stderr.strip())
    for line in out.stdout.splitlines():
        if line.strip():
            conntrack_lines[line.split(" src=", 1)[-1]] = line.strip()
    for s in held:
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
        except OSError:
            pass
        s.close()
    held.clear()
    last_read[0] = time.monotonic()


def listen(ns, port):
    def make():
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        t.bind(("0.0.0.0", port))
        t.listen(4096)
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(("0.0.0.0", port))
        return t, u
    t, u = in_namespace(ns, make)
    for s, kind in ((t, "tcp"), (u, "udp")):
        s.setblocking(False)
        poller.register(s.fileno(), select.EPOLLIN)
        listeners[s.fileno()] = (s, kind)


def serve(fd):
    s, kind = listeners[fd]
    while True:
        try:
            if kind == "tcp":
                c, _ = s.accept()
                held.append(c)
            else:
                data, peer = s.recvfrom(2048)
                s.sendto(data, peer)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            return


def open_socket(conn):
    """Creates, binds and starts one connection; returns the socket."""
    kind = socket.SOCK_STREAM if conn["proto"] == "tcp" else socket.SOCK_DGRAM
    s = in_namespace(conn["ns"], lambda: socket.socket(socket.AF_INET, kind))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setblocking(False)
    s.bind((conn["src"], conn["sport"]))
    if conn["proto"] == "tcp":
        rc = s.connect_ex((conn["dst"], conn["dport"]))
        if rc not in (0, errno.EINPROGRESS):
            conn["result"] = "refused" if rc == errno.ECONNREFUSED else errname(rc)
    else:
        try:
            s.connect((conn["dst"], conn["dport"]))
            s.send(b"kdp conformance")
        except OSError as e:
            conn["result"] = "refused" if e.errno == errno.ECONNREFUSED else errname(e.errno)
    return s


def settle(conn, s):
    """Records the result of a connection whose socket reported an event."""
    if conn["proto"] == "tcp":
        err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        conn["result"] = "connected" if err == 0 else "refused" if err == errno.ECONNREFUSED else errname(err)
    else:
        try:
            s.recv(2048)
            conn["result"] = "connected"
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:
            conn["result"] = "refused" if e.errno == errno.ECONNREFUSED else errname(e.errno)


def finish(conn, s):
    held.append(s)
    results.append([conn["flow"], conn["sport"], conn.get("result", "timeout")])


def run(conns, width, lanes=False):
    """Runs the connections with at most width in flight, each for at most timeout seconds; with
    lanes, one at a time per source address, each after forget_recent(source)."""
    live = {}
    queue = list(conns) if lanes else collections.deque(conns)
    busy = set()
    while queue or live:
        while queue and len(live) < width:
            if lanes:
                conn = next((c for c in queue if c["src"] not in busy), None)
                if conn is None:
                    break
                queue.remove(conn)
                busy.add(conn["src"])
                forget_recent(conn["src"])
            else:
                conn = queue.popleft()
            s = open_socket(conn)
            if "result" in conn:
                finish(conn, s)
                busy.discard(conn["src"])
                continue
            conn["deadline"] = time.monotonic() + timeout
            mask = select.EPOLLOUT if conn["proto"] == "tcp" else select.EPOLLIN
            poller.register(s.fileno(), mask | select.EPOLLERR)
            live[s.fileno()] = (conn, s)
        now = time.monotonic()
        wait = min([c["deadline"] for c, _ in live.values()], default=now) - now
        for fd, _ in poller.poll(max(0.0, min(wait, 0.05))):
            if fd in listeners:
                serve(fd)
                continue
            if fd not in live:
                continue
            conn, s = live[fd]
            settle(conn, s)
            if "result" in conn:
                poller.unregister(fd)
                del live[fd]
                finish(conn, s)
                busy.discard(conn["src"])
        now = time.monotonic()
        for fd in [fd for fd, (c, _) in live.items() if c["deadline"] <= now]:
            conn, s = live.pop(fd)
            poller.unregister(fd)
            finish(conn, s)
            busy.discard(conn["src"])
        if now - last_read[0] >= 1.0 or len(held) > 2000:
            read_conntrack()


def forget_recent(src):
    base = "/proc/self/net/xt_recent"
    if os.path.isdir(base):
        for name in os.listdir(base):
            try:
                with open(os.path.join(base, name), "w") as f:
                    f.write("-%s\n" % src)
            except OSError:
                pass  # not in that list


listen_ports = set()
for ns, ports in job["listen"].items():
    for port in ports:
        listen(ns, port)
        listen_ports.add(port)

sport = 20000
parallel, sequential = [], []
for flow in job["flows"]:
    for _ in range(flow["count"]):
        while sport in listen_ports:
            sport += 1
        conn = {"flow": flow["id"], "ns": flow["ns"], "proto": flow["proto"], "src": flow["src"], "sport": sport,
                "dst": flow["dst"], "dport": flow["dport"]}
        sport += 1
        (sequential if flow["sequential"] else parallel).append(conn)
if sport > 65000:
    raise SystemExit("too many connections for one rule set: %d" % (sport - 20000))

run(parallel, window)
run(sequential, window, lanes=True)
read_conntrack()
json.dump({"results": results, "conntrack": list(conntrack_lines.values())}, sys.stdout)
