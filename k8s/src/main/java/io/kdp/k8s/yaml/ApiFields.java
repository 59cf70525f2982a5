package io.kdp.k8s.yaml;

import java.util.Set;

/**
 * The JSON field names of the real Kubernetes API types (k8s.io/api, v1.33) that manifests of the modelled
 * kinds may contain. Strict decoding rejects any other name, as {@code kubectl apply --validate=strict} does;
 * fields listed here but not modelled by kdp (images, probes, volumes, managedFields, ...) are accepted and
 * their subtrees ignored.
 */
final class ApiFields {
    private ApiFields() {}

    static final Set<String> TYPE_META = Set.of("apiVersion", "kind");
    static final Set<String> LIST = Set.of("apiVersion", "kind", "metadata", "items");
    static final Set<String> OBJECT_META = Set.of("name", "generateName", "namespace", "selfLink", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "labels", "annotations", "ownerReferences", "finalizers", "managedFields");

    // core/v1 Node
    static final Set<String> NODE = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    static final Set<String> NODE_SPEC = Set.of("podCIDR", "podCIDRs", "providerID", "unschedulable", "taints",
            "configSource", "externalID");
    static final Set<String> NODE_STATUS = Set.of("capacity", "allocatable", "phase", "conditions", "addresses",
            "daemonEndpoints", "nodeInfo", "images", "volumesInUse", "volumesAttached", "config", "runtimeHandlers",
            "features", "declaredFeatures");
    static final Set<String> NODE_ADDRESS = Set.of("type", "address");

    // core/v1 Pod
    static final Set<String> POD = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    static final Set<String> POD_SPEC = Set.of("volumes", "initContainers", "containers", "ephemeralContainers",
            "restartPolicy", "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy", "nodeSelector",
            "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "nodeName", "hostNetwork",
            "hostPID", "hostIPC", "shareProcessNamespace", "securityContext", "imagePullSecrets", "hostname",
            "subdomain", "affinity", "schedulerName", "tolerations", "hostAliases", "priorityClassName", "priority",
            "dnsConfig", "readinessGates", "runtimeClassName", "enableServiceLinks", "preemptionPolicy", "overhead",
            "topologySpreadConstraints", "setHostnameAsFQDN", "os", "hostUsers", "schedulingGates", "resourceClaims",
            "resources", "hostnameOverride");
    static final Set<String> CONTAINER = Set.of("name", "image", "command", "args", "workingDir", "ports", "envFrom",
            "env", "resources", "resizePolicy", "restartPolicy", "restartPolicyRules", "volumeMounts", "volumeDevices",
            "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "terminationMessagePath",
            "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty");
    static final Set<String> CONTAINER_PORT = Set.of("name", "hostPort", "containerPort", "protocol", "hostIP");
    static final Set<String> POD_STATUS = Set.of("observedGeneration", "phase", "conditions", "message", "reason",
            "nominatedNodeName", "hostIP", "hostIPs", "podIP", "podIPs", "startTime", "initContainerStatuses",
            "containerStatuses", "qosClass", "ephemeralContainerStatuses", "resize", "resourceClaimStatuses",
            "extendedResourceClaimStatus");
    static final Set<String> POD_CONDITION = Set.of("type", "observedGeneration", "status", "lastProbeTime",
            "lastTransitionTime", "reason", "message");
    static final Set<String> POD_IP = Set.of("ip");

    // core/v1 Service
    static final Set<String> SERVICE = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    static final Set<String> SERVICE_SPEC = Set.of("ports", "selector", "clusterIP", "clusterIPs", "type",
            "externalIPs", "sessionAffinity", "loadBalancerIP", "loadBalancerSourceRanges", "externalName",
            "externalTrafficPolicy", "healthCheckNodePort", "publishNotReadyAddresses", "sessionAffinityConfig",
            "ipFamilies", "ipFamilyPolicy", "allocateLoadBalancerNodePorts", "loadBalancerClass",
            "internalTrafficPolicy", "trafficDistribution");
    static final Set<String> SERVICE_PORT = Set.of("name", "protocol", "appProtocol", "port", "targetPort", "nodePort");
    static final Set<String> SESSION_AFFINITY_CONFIG = Set.of("clientIP");
    static final Set<String> CLIENT_IP_CONFIG = Set.of("timeoutSeconds");
    static final Set<String> SERVICE_STATUS = Set.of("loadBalancer", "conditions");
    static final Set<String> LOAD_BALANCER_STATUS = Set.of("ingress");
    static final Set<String> LOAD_BALANCER_INGRESS = Set.of("ip", "hostname", "ipMode", "ports");

    // discovery/v1 EndpointSlice
    static final Set<String> ENDPOINT_SLICE = Set.of("apiVersion", "kind", "metadata", "addressType", "endpoints", "ports");
    static final Set<String> ENDPOINT = Set.of("addresses", "conditions", "hostname", "targetRef",
            "deprecatedTopology", "nodeName", "zone", "hints");
    static final Set<String> ENDPOINT_CONDITIONS = Set.of("ready", "serving", "terminating");
    static final Set<String> ENDPOINT_PORT = Set.of("name", "protocol", "port", "appProtocol");
    static final Set<String> OBJECT_REFERENCE = Set.of("kind", "namespace", "name", "uid", "apiVersion",
            "resourceVersion", "fieldPath");

    // networking/v1 NetworkPolicy
    static final Set<String> NETWORK_POLICY = Set.of("apiVersion", "kind", "metadata", "spec");
    static final Set<String> NETWORK_POLICY_SPEC = Set.of("podSelector", "ingress", "egress", "policyTypes");
    static final Set<String> INGRESS_RULE = Set.of("ports", "from");
    static final Set<String> EGRESS_RULE = Set.of("ports", "to");
    static final Set<String> NETWORK_POLICY_PORT = Set.of("protocol", "port", "endPort");
    static final Set<String> NETWORK_POLICY_PEER = Set.of("podSelector", "namespaceSelector", "ipBlock");
    static final Set<String> IP_BLOCK = Set.of("cidr", "except");
    static final Set<String> LABEL_SELECTOR = Set.of("matchLabels", "matchExpressions");
    static final Set<String> LABEL_SELECTOR_REQUIREMENT = Set.of("key", "operator", "values");

    // core/v1 Namespace
    static final Set<String> NAMESPACE = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    static final Set<String> NAMESPACE_SPEC = Set.of("finalizers");
    static final Set<String> NAMESPACE_STATUS = Set.of("phase", "conditions");
}
