package io.kdp.cni.calico.felix;

import static io.kdp.cni.calico.felix.FelixRule.rule;

import io.kdp.cni.calico.CalicoNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Felix's static chains (rules/static.go) for an iptables-mode node without host endpoints, IPVS
 * support or Wireguard: the filter cali-INPUT / cali-FORWARD / cali-OUTPUT / cali-wl-to-host and
 * their empty host-endpoint dispatch chains, and the nat cali-PREROUTING / cali-POSTROUTING /
 * cali-OUTPUT with natOutgoing's cali-nat-outgoing. The raw and mangle chains are not modelled.
 */
public final class FelixStaticChains {
    /** Felix's ipsets (rules_defs.go IPSetID*), v4 names as the ipsets layer prefixes them. */
    public static final String ALL_HOSTS_NET = "cali40all-hosts-net";
    public static final String ALL_VXLAN_NET = "cali40all-vxlan-net";
    public static final String MASQ_POOLS = "cali40masq-ipam-pools";
    public static final String ALL_POOLS = "cali40all-ipam-pools";

    private static final String WL = CalicoNames.IFACE_PREFIX + "+";

    private FelixStaticChains() {}

    /** The rules Felix inserts at the top of a built-in chain: one jump to its cali- chain. */
    public static FelixChain insert(String builtin) {
        return new FelixChain(builtin, List.of(rule().jump("cali-" + builtin)));
    }

    /** The rules Felix appends to the end of filter FORWARD (StaticFilterForwardAppendRules). */
    public static FelixChain forwardAppend() {
        return new FelixChain("FORWARD", List.of(
                rule().comment("Policy explicitly accepted packet.").markSingleBitSet(Marks.ACCEPT).accept(),
                rule().setMark(Marks.ACCEPT)));
    }

    public static List<FelixChain> filter(boolean ipip, boolean vxlan) {
        List<FelixChain> out = new ArrayList<>();
        out.add(new FelixChain("cali-FORWARD", List.of(
                rule().clearMark(Marks.ALL & ~Marks.ACCEPT),
                rule().markClear(Marks.ACCEPT).jump("cali-from-hep-forward"),
                rule().inInterface(WL).jump("cali-from-wl-dispatch"),
                rule().outInterface(WL).jump("cali-to-wl-dispatch"),
                rule().jump("cali-to-hep-forward"),
                rule().jump("cali-cidr-block"))));
        List<FelixRule> input = new ArrayList<>();
        if (ipip) {
            input.add(rule().comment("Allow IPIP packets from Calico hosts").protocolNum(4).sourceIpSet(ALL_HOSTS_NET).destAddrTypeLocal().accept());
            input.add(rule().comment("Drop IPIP packets from non-Calico hosts").protocolNum(4).drop());
        }
        if (vxlan) {
            input.add(rule().comment("Allow VXLAN packets from whitelisted hosts").protocolNum(17).destPorts(Integer.toString(CalicoNames.VXLAN_PORT))
                    .sourceIpSet(ALL_VXLAN_NET).destAddrTypeLocal().accept());
            input.add(rule().comment("Drop VXLAN packets from non-whitelisted hosts").protocolNum(17).destPorts(Integer.toString(CalicoNames.VXLAN_PORT))
                    .destAddrTypeLocal().drop());
        }
        input.add(rule().inInterface(WL).gotoChain("cali-wl-to-host"));
        input.add(rule().markSingleBitSet(Marks.ACCEPT).accept());
        input.add(rule().clearMark(Marks.ALL));
        input.add(rule().jump("cali-from-host-endpoint"));
        input.add(rule().comment("Host endpoint policy accepted packet.").markSingleBitSet(Marks.ACCEPT).accept());
        out.add(new FelixChain("cali-INPUT", input));
        List<FelixRule> output = new ArrayList<>();
        output.add(rule().markSingleBitSet(Marks.ACCEPT).accept());
        output.add(rule().outInterface(WL).doReturn());
        if (ipip) {
            output.add(rule().comment("Allow IPIP packets to other Calico hosts").protocolNum(4).destIpSet(ALL_HOSTS_NET).srcAddrTypeLocal().accept());
        }
        if (vxlan) {
            output.add(rule().comment("Allow VXLAN packets to other whitelisted hosts").protocolNum(17).destPorts(Integer.toString(CalicoNames.VXLAN_PORT))
                    .srcAddrTypeLocal().destIpSet(ALL_VXLAN_NET).accept());
        }
        output.add(rule().clearMark(Marks.ALL));
        output.add(rule().notConntrackState("DNAT").jump("cali-to-host-endpoint"));
        output.add(rule().comment("Host endpoint policy accepted packet.").markSingleBitSet(Marks.ACCEPT).accept());
        out.add(new FelixChain("cali-OUTPUT", output));
        out.add(new FelixChain("cali-wl-to-host", List.of(
                rule().jump("cali-from-wl-dispatch"),
                rule().comment("Configured DefaultEndpointToHostAction").accept())));
        for (String empty : List.of("cali-from-hep-forward", "cali-to-hep-forward", "cali-cidr-block", "cali-from-host-endpoint", "cali-to-host-endpoint")) {
            out.add(new FelixChain(empty, List.of()));
        }
        return out;
    }

    /**
     * nat chains; the tunnel rule masquerades host-sourced packets leaving through the tunnel to
     * the tunnel address (so the far end can answer them).
     */
    public static List<FelixChain> nat(String tunnelDevice, boolean natOutgoing) {
        List<FelixChain> out = new ArrayList<>();
        out.add(new FelixChain("cali-PREROUTING", List.of(rule().jump("cali-fip-dnat"))));
        List<FelixRule> post = new ArrayList<>();
        post.add(rule().jump("cali-fip-snat"));
        post.add(rule().jump("cali-nat-outgoing"));
        if (tunnelDevice != null) post.add(rule().outInterface(tunnelDevice).notSrcAddrTypeLocalLimitIfaceOut().srcAddrTypeLocal().masquerade());
        out.add(new FelixChain("cali-POSTROUTING", post));
        out.add(new FelixChain("cali-OUTPUT", List.of(rule().jump("cali-fip-dnat"))));
        out.add(new FelixChain("cali-nat-outgoing", natOutgoing
                ? List.of(rule().sourceIpSet(MASQ_POOLS).notDestIpSet(ALL_POOLS).masquerade())
                : List.of()));
        out.add(new FelixChain("cali-fip-dnat", List.of()));
        out.add(new FelixChain("cali-fip-snat", List.of()));
        return out;
    }
}
