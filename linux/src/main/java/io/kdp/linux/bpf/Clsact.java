package io.kdp.linux.bpf;

import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Packet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The clsact qdiscs of one namespace's devices ({@code tc qdisc add dev DEV clsact}) with their
 * direct-action BPF filters ({@code tc filter add dev DEV ingress bpf da obj ...}). Filters run in
 * attach order; the first verdict other than {@link TcAction#OK} ends the run.
 */
public final class Clsact {
    private final NetNamespace ns;
    private final Map<String, List<TcProgram>> ingress = new HashMap<>();
    private final Map<String, List<TcProgram>> egress = new HashMap<>();

    public Clsact(NetNamespace ns) {
        this.ns = ns;
    }

    /** Attaches a program to {@code dev} in {@code direction}. */
    public void attach(NetDevice dev, TcDirection direction, TcProgram program) {
        if (dev.ns() != ns) throw new IllegalArgumentException(dev + " is not in " + ns.name());
        (direction == TcDirection.INGRESS ? ingress : egress).computeIfAbsent(dev.name(), d -> new ArrayList<>()).add(program);
    }

    /** Removes a program. */
    public void detach(NetDevice dev, TcDirection direction, TcProgram program) {
        List<TcProgram> l = (direction == TcDirection.INGRESS ? ingress : egress).get(dev.name());
        if (l != null) l.remove(program);
    }

    /** The programs on {@code dev} in {@code direction}, in run order ({@code tc filter show dev DEV ingress}). */
    public List<TcProgram> programs(NetDevice dev, TcDirection direction) {
        return List.copyOf((direction == TcDirection.INGRESS ? ingress : egress).getOrDefault(dev.name(), List.of()));
    }

    /**
     * Runs the programs on a frame: returns the frame to continue with, or null when a program
     * dropped it (recorded as its outcome) or redirected it (it is then on its way elsewhere).
     */
    public Packet run(NetDevice dev, TcDirection direction, Packet frame) {
        List<TcProgram> progs = (direction == TcDirection.INGRESS ? ingress : egress).get(dev.name());
        if (progs == null || progs.isEmpty()) return frame;
        TcContext ctx = new TcContext(ns, dev, direction, frame);
        for (TcProgram p : progs) {
            TcAction a = p.run(ctx);
            switch (a) {
                case OK -> {}
                case SHOT -> {
                    String reason = (ctx.dropReason() == null ? "dropped" : ctx.dropReason()) + " (tc " + direction.name().toLowerCase() + " " + dev.name() + " " + p.name() + ")";
                    if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Drop(reason));
                    ns.backlog().outcome(ns.name(), ctx.answered() ? Disposition.REJECTED : Disposition.DROPPED, reason);
                    return null;
                }
                case REDIRECT -> {
                    if (ctx.redirectPlain()) ns.redirect(ctx.redirectDev(), ctx.frame());
                    else ns.redirectNeigh(ctx.redirectDev(), ctx.frame(), ctx.redirectNextHop());
                    return null;
                }
            }
        }
        return ctx.frame();
    }
}
