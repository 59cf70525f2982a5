package io.kdp.linux;

import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;
import io.kdp.linux.trace.TraceRecorder;
import io.kdp.packet.Cidr;
import java.util.ArrayList;
import java.util.List;

/** Small test networks: namespaces joined by veth pairs, with a recorder on the shared backlog. */
final class Topology {
    final Backlog backlog = new Backlog(new Clock(0));
    final TraceRecorder recorder = new TraceRecorder();

    Topology() {
        backlog.tracer(recorder);
    }

    NetNamespace host(String name) {
        return new NetNamespace(name, backlog, 7);
    }

    /** Links {@code a/aDev} (address aAddr) with {@code b/bDev} (address bAddr); null addresses are left off. */
    VethDevice link(NetNamespace a, String aDev, String aAddr, NetNamespace b, String bDev, String bAddr) {
        VethDevice v = VethDevice.pair(a, aDev, a.randomMac(aDev), b, bDev, b.randomMac(bDev), 1500);
        if (aAddr != null) a.addAddress(v, Cidr.parse(aAddr));
        if (bAddr != null) b.addAddress(v.peer(), Cidr.parse(bAddr));
        a.setUp(v);
        b.setUp(v.peer());
        return v;
    }

    /** Drains and returns every step as {@code host: text}, one string a step. */
    List<String> run() {
        backlog.drain();
        List<String> out = new ArrayList<>();
        for (Hop h : recorder.take()) for (Step s : h.steps()) out.add(h.host() + ": " + s.text());
        return out;
    }
}
