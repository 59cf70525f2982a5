package io.kdp.linux.tunnel;

import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.VethDevice;
import io.kdp.linux.neigh.NeighbourParser;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;
import io.kdp.linux.trace.TraceRecorder;
import io.kdp.packet.Cidr;
import io.kdp.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/** Test networks for tunnels: namespaces, veth links, a recorder, and a tap that keeps transmitted frames. */
final class Net {
    record Sent(String device, Packet frame) {}

    final Backlog backlog = new Backlog(new Clock(0));
    final TraceRecorder recorder = new TraceRecorder();
    final List<Sent> sent = new ArrayList<>();

    Net() {
        backlog.tracer(recorder);
        backlog.tap((dev, outbound, frame, t) -> {
            if (outbound) sent.add(new Sent(dev.toString(), frame));
        });
    }

    NetNamespace host(String name) {
        return new NetNamespace(name, backlog, 7);
    }

    VethDevice link(NetNamespace a, String aDev, String aAddr, NetNamespace b, String bDev, String bAddr) {
        VethDevice v = VethDevice.pair(a, aDev, a.randomMac(aDev), b, bDev, b.randomMac(bDev), 1500);
        if (aAddr != null) a.addAddress(v, Cidr.parse(aAddr));
        if (bAddr != null) b.addAddress(v.peer(), Cidr.parse(bAddr));
        a.setUp(v);
        b.setUp(v.peer());
        return v;
    }

    static void up(NetDevice d, String address) {
        if (address != null) d.ns().addAddress(d, Cidr.parse(address));
        d.ns().setUp(d);
    }

    static void neigh(NetNamespace ns, String args) {
        ns.neighbours().add(NeighbourParser.parseAdd(args));
    }

    /** Frames transmitted on {@code device} ({@code ns/dev}) since the start. */
    List<Packet> sentOn(String device) {
        List<Packet> out = new ArrayList<>();
        for (Sent s : sent) if (s.device().equals(device)) out.add(s.frame());
        return out;
    }

    List<String> run() {
        backlog.drain();
        List<String> out = new ArrayList<>();
        for (Hop h : recorder.take()) for (Step s : h.steps()) out.add(h.host() + ": " + s.text());
        return out;
    }
}
