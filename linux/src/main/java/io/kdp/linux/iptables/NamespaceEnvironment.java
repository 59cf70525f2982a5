package io.kdp.linux.iptables;

import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.RouteType;
import io.kdp.linux.SkBuff;
import io.kdp.linux.conntrack.NatRange;
import io.kdp.linux.conntrack.NatType;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.HookFunction;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Tracer;
import io.kdp.packet.Cidr;

/** The x_tables environment of a real emulated namespace. */
public final class NamespaceEnvironment implements XtEnvironment {
    private static final int LOOPBACK = 0x7f000001;
    private final NetNamespace ns;

    public NamespaceEnvironment(NetNamespace ns) {
        this.ns = ns;
    }

    @Override
    public String host() { return ns.name(); }

    @Override
    public Tracer tracer() { return ns.tracer(); }

    @Override
    public long nanos() { return ns.clock().nanos(); }

    @Override
    public int random32() { return ns.random().nextInt(); }

    @Override
    public RouteType addressType(int ip, NetDevice dev) {
        RouteType t = ns.addressType(ip);
        // inet_dev_addr_type: with a device, a local address counts as LOCAL only on the device holding it.
        if (dev != null && t == RouteType.LOCAL && !holds(dev, ip)) return RouteType.UNICAST;
        return t;
    }

    private static boolean holds(NetDevice dev, int ip) {
        for (Cidr c : dev.addresses()) if (c.address() == ip) return true;
        return false;
    }

    @Override
    public void sendIcmpError(SkBuff skb, int type, int code) { ns.sendIcmpError(skb, type, code); }

    @Override
    public void sendTcpReset(SkBuff skb) { ns.sendTcpReset(skb); }

    @Override
    public Verdict natSetup(SkBuff skb, NatType type, NatRange range) { return ns.conntrack().nat().setup(skb, type, range); }

    @Override
    public Verdict masquerade(SkBuff skb, NatRange range) { return ns.conntrack().nat().masquerade(skb, range); }

    @Override
    public int redirectAddress(SkBuff skb, Hook hook) {
        if (hook == Hook.OUTPUT) return LOOPBACK;
        NetDevice in = skb.inDev();
        return in == null || in.addresses().isEmpty() ? 0 : in.addresses().get(0).address();
    }

    @Override
    public void registerHook(HookEntry entry) { ns.netfilter().register(entry); }

    @Override
    public void requireConntrack() { ns.conntrack().registerHooks(); }

    @Override
    public void registerNatFunction(Hook hook, int priority, String owner, HookFunction function) {
        ns.conntrack().registerHooks();
        ns.conntrack().nat().registerNatFunction(hook, priority, owner, function);
    }
}
