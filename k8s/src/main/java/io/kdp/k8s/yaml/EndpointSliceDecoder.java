package io.kdp.k8s.yaml;

import io.kdp.k8s.model.AddressType;
import io.kdp.k8s.model.Endpoint;
import io.kdp.k8s.model.EndpointConditions;
import io.kdp.k8s.model.EndpointPort;
import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.ObjectMeta;
import io.kdp.k8s.model.ObjectReference;
import io.kdp.k8s.model.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads discovery/v1 EndpointSlice with the limits of ValidateEndpointSlice. */
final class EndpointSliceDecoder {
    /** maxAddresses per endpoint. */
    static final int MAX_ADDRESSES = 100;
    /** maxEndpoints per slice. */
    static final int MAX_ENDPOINTS = 1000;
    /** maxPorts per slice. */
    static final int MAX_PORTS = 20000;

    private EndpointSliceDecoder() {}

    static EndpointSlice read(FieldReader root, List<String> warnings, String location) throws ManifestException {
        ObjectMeta meta = MetadataDecoder.read(root, ApiValidation::dns1123Subdomain, true);
        AddressType addressType = root.enumValue("addressType", AddressType.class);
        if (addressType == null) throw root.missing("addressType");
        if (addressType == AddressType.IPV6) {
            throw root.error("addressType", "unsupported value \"IPv6\": kdp models IPv4 only (supported: \"IPv4\", \"FQDN\")");
        }
        List<FieldReader> es = root.objects("endpoints", "Endpoint", ApiFields.ENDPOINT);
        if (es.size() > MAX_ENDPOINTS) throw root.error("endpoints", "too many: " + es.size() + ": must have at most " + MAX_ENDPOINTS + " items");
        List<Endpoint> endpoints = new ArrayList<>(es.size());
        for (FieldReader e : es) endpoints.add(readEndpoint(e, addressType));
        List<FieldReader> ps = root.objects("ports", "EndpointPort", ApiFields.ENDPOINT_PORT);
        if (ps.size() > MAX_PORTS) throw root.error("ports", "too many: " + ps.size() + ": must have at most " + MAX_PORTS + " items");
        List<EndpointPort> ports = new ArrayList<>(ps.size());
        Set<String> names = new HashSet<>();
        for (FieldReader p : ps) {
            String name = p.string("name");
            if (name != null && !name.isEmpty()) {
                String problem = ApiValidation.dns1123Label(name);
                if (problem != null) throw p.error("name", problem);
            }
            if (!names.add(name == null ? "" : name)) throw p.error("name", "duplicate value \"" + (name == null ? "" : name) + "\"");
            Protocol protocol = p.enumValue("protocol", Protocol.class);
            ports.add(new EndpointPort(name, protocol, p.port("port"), p.string("appProtocol")));
        }
        EndpointSlice slice = new EndpointSlice(meta, addressType, endpoints, ports);
        if (slice.serviceName().isEmpty()) {
            warnings.add(location + ": EndpointSlice " + slice.key() + " has no label " + EndpointSlice.SERVICE_NAME_LABEL
                    + "; kube-proxy ignores it");
        }
        return slice;
    }

    private static Endpoint readEndpoint(FieldReader e, AddressType addressType) throws ManifestException {
        FieldReader.Check check = addressType == AddressType.FQDN ? ApiValidation::dns1123Subdomain : ApiValidation::ip;
        List<String> addresses = e.strings("addresses", check);
        if (addresses.isEmpty()) throw e.missing("addresses");
        if (addresses.size() > MAX_ADDRESSES) {
            throw e.error("addresses", "too many: " + addresses.size() + ": must have at most " + MAX_ADDRESSES + " items");
        }
        EndpointConditions conditions = EndpointConditions.UNKNOWN;
        FieldReader c = e.object("conditions", "EndpointConditions", ApiFields.ENDPOINT_CONDITIONS);
        if (c != null) conditions = new EndpointConditions(c.bool("ready"), c.bool("serving"), c.bool("terminating"));
        String hostname = e.string("hostname");
        if (hostname != null) {
            String problem = ApiValidation.dns1123Label(hostname);
            if (problem != null) throw e.error("hostname", problem);
        }
        String nodeName = e.string("nodeName");
        if (nodeName != null) {
            String problem = ApiValidation.dns1123Subdomain(nodeName);
            if (problem != null) throw e.error("nodeName", problem);
        }
        ObjectReference ref = null;
        FieldReader r = e.object("targetRef", "ObjectReference", ApiFields.OBJECT_REFERENCE);
        if (r != null) ref = new ObjectReference(r.string("kind"), r.string("namespace"), r.string("name"), r.string("uid"));
        return new Endpoint(addresses, conditions, hostname, nodeName, e.string("zone"), ref);
    }
}
