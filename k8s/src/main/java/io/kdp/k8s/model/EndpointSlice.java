package io.kdp.k8s.model;

import java.util.List;

/** discovery/v1 EndpointSlice (namespaced). The owning service is named by the label {@value #SERVICE_NAME_LABEL}. */
public record EndpointSlice(ObjectMeta metadata, AddressType addressType, List<Endpoint> endpoints, List<EndpointPort> ports)
        implements KubeObject {
    /** discovery.LabelServiceName. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    /** discovery.LabelManagedBy. */
    public static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    /** The value of {@link #MANAGED_BY_LABEL} on slices of the endpointslice controller. */
    public static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";

    public EndpointSlice {
        metadata = metadata.namespaced();
        if (addressType == null) throw new IllegalArgumentException("EndpointSlice " + metadata.name() + ": addressType is required");
        endpoints = Norm.list(endpoints);
        ports = Norm.list(ports);
    }

    /** The value of the {@code kubernetes.io/service-name} label, or {@code ""}. */
    public String serviceName() {
        return metadata.labels().getOrDefault(SERVICE_NAME_LABEL, "");
    }

    @Override
    public String kind() {
        return "EndpointSlice";
    }

    @Override
    public String apiVersion() {
        return "discovery.k8s.io/v1";
    }
}
