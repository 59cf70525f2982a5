/**
 * NetworkPolicy (networking.k8s.io/v1) semantics, independent of any data plane: which policies select a pod,
 * whether a connection is allowed, and which policy rule allowed it or which policies denied it. Calico and
 * Cilium compile the same answers into their own structures (cali-pi-/cali-po- chains, per-endpoint policy
 * maps) and print these verdicts in traces.
 *
 * <p>Rules followed, from the API reference and the network-policies concept page:
 * <ul>
 *   <li>A pod is isolated for a direction when some policy in its namespace whose {@code policyTypes} contain
 *       that direction selects it with {@code spec.podSelector}; otherwise that direction allows everything.</li>
 *   <li>An isolated direction allows a connection when any rule of any selecting policy matches it (rules and
 *       policies are ORed); a rule matches when one of its peers matches ({@code from}/{@code to} empty: every
 *       peer) and one of its ports matches ({@code ports} empty: every port).</li>
 *   <li>A connection is allowed when egress from its source and ingress to its destination both allow it.</li>
 *   <li>Ingress from the pod's own node is always allowed (the API: "or if the traffic source is the pod's local
 *       node"), so kubelet probes work under default deny.</li>
 *   <li>Packets of an allowed connection, in both directions, are allowed: enforcement is stateful (see
 *       {@link io.kdp.k8s.policy.Verdict#established(io.kdp.k8s.policy.Connection)}).</li>
 *   <li>Namespaces without a Namespace object still carry {@code kubernetes.io/metadata.name=<name>}: the API
 *       server sets that label on every namespace (since v1.21), so namespaceSelectors can select by name.</li>
 *   <li>hostNetwork pods are treated as their node, the second option the docs allow for them: policies never
 *       isolate them, and pod/namespace selectors never match their traffic (ipBlock may).</li>
 *   <li>Whether ipBlock matches pod IPs is implementation-defined; see {@link io.kdp.k8s.policy.IpBlockScope}.</li>
 * </ul>
 */
package io.kdp.k8s.policy;
