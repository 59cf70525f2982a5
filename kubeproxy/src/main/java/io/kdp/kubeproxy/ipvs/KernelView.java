package io.kdp.kubeproxy.ipvs;

import io.kdp.kubeproxy.iptables.EnsuredChain;
import io.kdp.kubeproxy.iptables.EnsuredRule;
import io.kdp.linux.ipvs.ServiceConfig;
import io.kdp.linux.ipvs.ServiceKey;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the IPVS proxier reads from the kernel before it writes (netlink and {@code ipset list}): the dummy
 * device and its addresses, the node's other addresses, the virtual servers with their real servers, the set
 * entries, and whether its chains and jump rules exist.
 */
interface KernelView {
    /** A real server as the kernel reports it. */
    record Dest(int weight, int activeConns, int inactConns) {}

    /** A virtual server as the kernel reports it, real servers keyed {@code ip:port}. */
    record Applied(ServiceConfig config, Map<String, Dest> dests) {}

    boolean hasDummyDevice();

    /** Addresses on kube-ipvs0 ({@code GetLocalAddresses(kube-ipvs0)}). */
    Set<String> boundAddresses();

    /** Non-loopback addresses on every other interface ({@code GetAllLocalAddressesExcept(kube-ipvs0)}), in interface order. */
    List<String> nodeAddresses();

    /** The virtual server of that key, or null. */
    Applied service(ServiceKey key);

    /** Every virtual server's key. */
    List<ServiceKey> services();

    /** Whether the set exists. */
    boolean hasSet(String name);

    /** A set's entries ({@code ipset list NAME} members); empty when it does not exist. */
    Set<String> setEntries(String name);

    boolean hasChain(EnsuredChain chain);

    boolean hasRule(EnsuredRule rule);
}
