# Traffic driver of the kernel conformance suite (io.kdp.cluster.conformance.TrafficDriver).
#
# Runs inside the rule set's "node" network namespace (ip netns exec NODE python3 driver.py) and reads
# one JSON job from stdin:
#   {"namespaces": {"client": "/run/netns/kdp-..-c", ...}, "timeout": 0.6, "window": 200,
#    "flows": [{"id": 0, "ns": "client"|"backend"|"node", "proto": "tcp"|"udp", "src": IP, "dst": IP,
#               "dport": N, "count": N, "sequential": bool}, ...]}
# Each connection gets its own source port (from 20000 up), so the node's conntrack entry of each
# one is known by its original tuple. Entries are taken from `conntrack -E -e NEW` (the kernel reports
# each connection when it is confirmed, with its NAT already in the reply tuple), not from
# `conntrack -L`: an entry whose first answer is a reset is destroyed at once. Marker entries made
# with `conntrack -I` tell when the event listener has started and when it has seen everything. Sockets of other namespaces are created after setns(2) into
# them (a socket stays in the namespace it was created in); the driver then returns to the node.
# "sequential" flows (session affinity) run one connection at a time after all the others, with
# every xt_recent list of the node flushed before each, so that each is a first connection.
#
# Writes one JSON object to stdout:
#   {"results": [[flowId, sport, "connected"|"refused"|"timeout"|"error:ERRNO"], ...],
#    "conntrack": ["<conntrack -E line>", ...], "warnings": ["<conntrack -E stderr line>", ...]}
import ctypes
import errno
import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import time

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, "setns: " + os.strerror(e))


job = json.load(sys.stdin)
timeout = float(job["timeout"])
window = int(job["window"])
home = os.open("/proc/self/ns/net", os.O_RDONLY)
ns_fds = {"node": home}
for name, path in job["namespaces"].items():
    ns_fds[name] = os.open(path, os.O_RDONLY)

results = []
events_file = tempfile.NamedTemporaryFile(mode="w+", prefix="kdp-conntrack-events", delete=True)
events_err = tempfile.NamedTemporaryFile(mode="w+", prefix="kdp-conntrack-events-err", delete=True)
events = subprocess.Popen(["conntrack", "-E", "-e", "NEW", "-b", "8388608"], stdout=events_file, stderr=events_err)


def marker(sport):
    """Inserts a conntrack entry of its own and waits until the event listener has reported it."""
    needle = "src=192.0.2.1 dst=192.0.2.2 sport=%d dport=9" % sport
    deadline = time.monotonic() + 10
    while True:
        subprocess.run(["conntrack", "-I", "-p", "udp", "-s", "192.0.2.1", "-d", "192.0.2.2", "--sport", str(sport),
                        "--dport", "9", "-t", "30"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(20):
            with open(events_file.name) as f:
                if needle in f.read():
                    return
            time.sleep(0.01)
        if time.monotonic() > deadline:
            raise SystemExit("conntrack -E did not report the marker entry (sport %d)" % sport)
        sport += 1000  # the previous marker may exist already (listener not yet subscribed): a fresh one


def open_socket(conn):
    """Creates, binds and starts one connection; returns the socket."""
    fd = ns_fds[conn["ns"]]
    if fd != home:
        setns(fd)
    try:
        kind = socket.SOCK_STREAM if conn["proto"] == "tcp" else socket.SOCK_DGRAM
        s = socket.socket(socket.AF_INET, kind)
    finally:
        if fd != home:
            setns(home)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setblocking(False)
    s.bind((conn["src"], conn["sport"]))
    if conn["proto"] == "tcp":
        rc = s.connect_ex((conn["dst"], conn["dport"]))
        if rc not in (0, errno.EINPROGRESS):
            conn["result"] = "refused" if rc == errno.ECONNREFUSED else "error:" + errno.errorcode.get(rc, str(rc))
    else:
        s.connect((conn["dst"], conn["dport"]))
        try:
            s.send(b"kdp conformance")
        except OSError as e:
            conn["result"] = "refused" if e.errno == errno.ECONNREFUSED else "error:" + errno.errorcode.get(e.errno, str(e.errno))
    return s


def settle(conn, s, events):
    """Records the result of a connection whose socket reported events."""
    if conn["proto"] == "tcp":
        err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if err == 0:
            conn["result"] = "connected"
        elif err == errno.ECONNREFUSED:
            conn["result"] = "refused"
        else:
            conn["result"] = "error:" + errno.errorcode.get(err, str(err))
    else:
        try:
            s.recv(2048)
            conn["result"] = "connected"  # an answer: something listens there
        except OSError as e:
            if e.errno == errno.EAGAIN:
                return
            conn["result"] = "refused" if e.errno == errno.ECONNREFUSED else "error:" + errno.errorcode.get(e.errno, str(e.errno))


def finish(conn, s):
    # no FIN handshake: SO_LINGER 0 resets a connected socket at once
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    s.close()
    results.append([conn["flow"], conn["sport"], conn.get("result", "timeout")])


def run(conns, width):
    """Runs the connections with at most width in flight, each for at most timeout seconds."""
    poller = select.epoll()
    live = {}
    queue = list(reversed(conns))
    while queue or live:
        while queue and len(live) < width:
            conn = queue.pop()
            s = open_socket(conn)
            if "result" in conn:
                finish(conn, s)
                continue
            conn["deadline"] = time.monotonic() + timeout
            mask = select.EPOLLOUT if conn["proto"] == "tcp" else select.EPOLLIN | select.EPOLLERR
            poller.register(s.fileno(), mask | select.EPOLLERR)
            live[s.fileno()] = (conn, s)
        now = time.monotonic()
        wait = min([c["deadline"] for c, _ in live.values()], default=now) - now
        for fd, ev in poller.poll(max(0.0, min(wait, 0.05))):
            conn, s = live[fd]
            settle(conn, s, ev)
            if "result" in conn:
                poller.unregister(fd)
                del live[fd]
                finish(conn, s)
        now = time.monotonic()
        for fd in [fd for fd, (c, _) in live.items() if c["deadline"] <= now]:
            conn, s = live.pop(fd)
            poller.unregister(fd)
            finish(conn, s)
    poller.close()


def flush_recent():
    base = "/proc/self/net/xt_recent"
    if os.path.isdir(base):
        for name in os.listdir(base):
            with open(os.path.join(base, name), "w") as f:
                f.write("/\n")


sport = 20000
parallel, sequential = [], []
for flow in job["flows"]:
    for _ in range(flow["count"]):
        conn = {"flow": flow["id"], "ns": flow["ns"], "proto": flow["proto"], "src": flow["src"], "sport": sport,
                "dst": flow["dst"], "dport": flow["dport"]}
        sport += 1
        (sequential if flow["sequential"] else parallel).append(conn)
if sport > 65000:
    raise SystemExit("too many connections for one rule set: %d" % (sport - 20000))

try:
    marker(1)
    run(parallel, window)
    for conn in sequential:
        flush_recent()
        run([conn], 1)
    marker(2)
finally:
    events.terminate()
    events.wait()
with open(events_file.name) as f:
    lines = [line.strip() for line in f if line.strip()]
with open(events_err.name) as f:
    warnings = [line.strip() for line in f if line.strip() and "flow events have been shown" not in line]
json.dump({"results": results, "conntrack": lines, "warnings": warnings}, sys.stdout)
