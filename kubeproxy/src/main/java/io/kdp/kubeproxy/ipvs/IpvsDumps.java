package io.kdp.kubeproxy.ipvs;

import io.kdp.linux.DummyDevice;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.ipset.IpSet;
import io.kdp.linux.ipset.IpsetRestoreException;
import io.kdp.linux.ipvs.IpvsadmSyntaxException;
import io.kdp.linux.ipvs.VirtualService;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Rebuilds the IPVS side of a kube-proxy IPVS-mode node from its dumps, so that the node's {@code iptables-save}
 * can then be loaded and a packet traced offline: {@code ipset save} output is restored first (the rules'
 * {@code --match-set} needs the sets), then {@code ipvsadm-save -n} output, and the virtual addresses are bound as
 * /32s on a {@code kube-ipvs0} dummy device (down, as kube-proxy leaves it): the members of KUBE-IPVS-IPS when the
 * dump has that set, else every virtual address the node does not already have. The IPVS-mode sysctls kube-proxy
 * sets ({@code net.ipv4.vs.conntrack=1} ...) are set too; later {@code --sysctl}s may override them.
 */
public final class IpvsDumps {
    private IpvsDumps() {}

    /**
     * Loads the dumps into {@code ns}; either may be null.
     *
     * @throws IpvsDumpException naming {@code source:line} when a dump does not load
     */
    public static void load(NetNamespace ns, String ipsetSource, String ipsetText, String ipvsSource, String ipvsText) {
        for (String k : new String[] {"net.ipv4.vs.conntrack", "net.ipv4.vs.expire_nodest_conn", "net.ipv4.vs.expire_quiescent_template"}) {
            ns.sysctls().set(k, "1");
        }
        if (ipsetText != null) {
            try {
                ns.ipsets().restore(ipsetText);
            } catch (IpsetRestoreException e) {
                throw new IpvsDumpException(ipsetSource, e.line(), e.getMessage());
            }
        }
        if (ipvsText != null) {
            try {
                ns.ipvs().restore(ipvsText);
            } catch (IpvsadmSyntaxException e) {
                throw new IpvsDumpException(ipvsSource, e.line(), e.getMessage());
            }
        }
        Set<Integer> vips = new LinkedHashSet<>();
        IpSet bound = ipsetText == null ? null : ns.ipsets().get(KubeIpsets.IPVS_IPS);
        if (bound != null) {
            for (String m : bound.members()) vips.add(Ip4.parse(m));
        } else if (ipvsText != null) {
            for (VirtualService vs : ns.ipvs().services()) {
                if (!vs.key().isFwmark() && !ns.isLocalAddress(vs.key().address())) vips.add(vs.key().address());
            }
        }
        if (vips.isEmpty()) return;
        NetDevice dummy = ns.device(IpvsProxier.DUMMY_DEVICE);
        if (dummy == null) dummy = new DummyDevice(ns, IpvsProxier.DUMMY_DEVICE, ns.randomMac(IpvsProxier.DUMMY_DEVICE));
        for (int vip : vips) {
            Cidr c = Cidr.host(vip);
            if (!dummy.addresses().contains(c)) ns.addAddress(dummy, c);
        }
    }

    /** A dump that does not load: {@code file:line: reason}. */
    public static final class IpvsDumpException extends IllegalArgumentException {
        private final String file;
        private final int line;

        public IpvsDumpException(String file, int line, String reason) {
            super(file + ":" + line + ": " + reason);
            this.file = file;
            this.line = line;
        }

        public String file() { return file; }

        public int line() { return line; }
    }
}
