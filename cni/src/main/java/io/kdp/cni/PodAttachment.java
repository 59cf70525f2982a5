package io.kdp.cni;

import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.packet.Cidr;

/**
 * The result of a CNI ADD: the pod's namespace, its interface, its address, and the host-side
 * device the plugin created for it (null for hostNetwork pods).
 */
public record PodAttachment(String pod, NetNamespace podNs, NetDevice podInterface, Cidr address, NetDevice hostDevice) {}
