package io.kdp.cni;

import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.packet.Cidr;

/**
 * What a CNI plugin knows of one node: its root namespace, its uplink device on the underlay, its
 * underlay address and the pod CIDR it owns (Node.spec.podCIDR).
 */
public record NodeNetwork(String name, NetNamespace ns, NetDevice uplink, Cidr nodeIp, Cidr podCidr) {}
