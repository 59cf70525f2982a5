package io.kdp.cni.cilium;

/** Cilium's {@code routing-mode}: how pod traffic crosses nodes. */
public enum RoutingMode {
    /** {@code routing-mode: tunnel}, {@code tunnel-protocol: vxlan}: encapsulated on cilium_vxlan (UDP 8472), VNI = source identity. */
    TUNNEL,
    /** {@code routing-mode: native} with {@code auto-direct-node-routes}: plain routing via the nodes' addresses. */
    NATIVE
}
