package io.kdp.k8s.model;

/**
 * networking/v1 NetworkPolicyPeer; each field nullable. Semantics from the API docs: ipBlock alone selects
 * addresses; podSelector alone selects pods in the policy's namespace; namespaceSelector alone selects all pods
 * in the matching namespaces; both select the matching pods in the matching namespaces. Present selectors that
 * are empty ({@code {}}) select everything.
 */
public record NetworkPolicyPeer(LabelSelector podSelector, LabelSelector namespaceSelector, IPBlock ipBlock) {
}
