package io.kdp.k8s.yaml;

import io.kdp.k8s.model.ClientIPConfig;
import io.kdp.k8s.model.IntOrString;
import io.kdp.k8s.model.LoadBalancerIngress;
import io.kdp.k8s.model.LoadBalancerStatus;
import io.kdp.k8s.model.ObjectMeta;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServicePort;
import io.kdp.k8s.model.ServiceSpec;
import io.kdp.k8s.model.ServiceStatus;
import io.kdp.k8s.model.ServiceType;
import io.kdp.k8s.model.SessionAffinity;
import io.kdp.k8s.model.SessionAffinityConfig;
import io.kdp.k8s.model.TrafficPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads core/v1 Service and applies the checks of ValidateService that matter to the data plane. The
 * nodePort range (30000-32767 by default) is the cluster's configuration and is checked by whoever allocates
 * node ports, not here.
 */
final class ServiceDecoder {
    private ServiceDecoder() {}

    static Service read(FieldReader root) throws ManifestException {
        ObjectMeta meta = MetadataDecoder.read(root, ApiValidation::dns1035Label, true);
        FieldReader s = root.object("spec", "ServiceSpec", ApiFields.SERVICE_SPEC);
        if (s == null) throw root.missing("spec");
        ServiceSpec spec = readSpec(s);
        ServiceStatus status = ServiceStatus.EMPTY;
        FieldReader st = root.object("status", "ServiceStatus", ApiFields.SERVICE_STATUS);
        if (st != null) status = readStatus(st);
        return new Service(meta, spec, status);
    }

    private static ServiceSpec readSpec(FieldReader s) throws ManifestException {
        ServiceType type = s.enumValue("type", ServiceType.class);
        if (type == null) type = ServiceType.CLUSTER_IP;
        String clusterIP = clusterIP(s);
        List<String> clusterIPs = s.strings("clusterIPs", v -> v.equals(ServiceSpec.CLUSTER_IP_NONE) ? null : ApiValidation.ip(v));
        if (clusterIP != null && !clusterIP.isEmpty() && !clusterIPs.isEmpty() && !clusterIPs.get(0).equals(clusterIP)) {
            throw s.error("clusterIPs", "invalid value \"" + clusterIPs.get(0) + "\": clusterIPs[0] must match clusterIP \"" + clusterIP + "\"");
        }
        boolean headless = ServiceSpec.CLUSTER_IP_NONE.equals(clusterIP) || (!clusterIPs.isEmpty() && clusterIPs.get(0).equals(ServiceSpec.CLUSTER_IP_NONE));
        Map<String, String> selector = s.stringMap("selector", ApiValidation::qualifiedName, ApiValidation::labelValue);
        List<ServicePort> ports = readPorts(s, type);
        if (ports.isEmpty() && !headless && type != ServiceType.EXTERNAL_NAME) throw s.missing("ports");
        String externalName = s.string("externalName");
        if (type == ServiceType.EXTERNAL_NAME) {
            if (externalName == null || externalName.isEmpty()) throw s.missing("externalName");
            String problem = ApiValidation.dns1123Subdomain(externalName);
            if (problem != null) throw s.error("externalName", problem);
            if (clusterIP != null && !clusterIP.isEmpty()) throw s.error("clusterIP", "forbidden: may not be set for ExternalName services");
        }
        List<String> externalIPs = s.strings("externalIPs", ApiValidation::ip);
        SessionAffinity affinity = s.enumValue("sessionAffinity", SessionAffinity.class);
        SessionAffinityConfig affinityConfig = null;
        FieldReader sac = s.object("sessionAffinityConfig", "SessionAffinityConfig", ApiFields.SESSION_AFFINITY_CONFIG);
        if (sac != null) {
            FieldReader cip = sac.object("clientIP", "ClientIPConfig", ApiFields.CLIENT_IP_CONFIG);
            if (cip != null) {
                Integer timeout = cip.integer("timeoutSeconds", 1, ClientIPConfig.MAX_TIMEOUT_SECONDS);
                if (timeout != null) affinityConfig = new SessionAffinityConfig(new ClientIPConfig(timeout));
            }
        }
        TrafficPolicy etp = s.enumValue("externalTrafficPolicy", TrafficPolicy.class);
        boolean externallyAccessible = type == ServiceType.NODE_PORT || type == ServiceType.LOAD_BALANCER
                || (type == ServiceType.CLUSTER_IP && !externalIPs.isEmpty());
        if (etp != null && !externallyAccessible) {
            throw s.error("externalTrafficPolicy", "invalid value \"" + etp + "\": may only be set for externally-accessible services");
        }
        TrafficPolicy itp = s.enumValue("internalTrafficPolicy", TrafficPolicy.class);
        List<String> sourceRanges = s.strings("loadBalancerSourceRanges", v -> ApiValidation.cidr(v.trim(), true));
        if (!sourceRanges.isEmpty() && type != ServiceType.LOAD_BALANCER) {
            throw s.error("loadBalancerSourceRanges", "forbidden: may only be used when type is 'LoadBalancer'");
        }
        String lbIP = s.string("loadBalancerIP");
        if (lbIP != null && !lbIP.isEmpty()) {
            String problem = ApiValidation.ip(lbIP);
            if (problem != null) throw s.error("loadBalancerIP", problem);
        }
        Integer hcnp = s.port("healthCheckNodePort");
        if (hcnp != null && !(type == ServiceType.LOAD_BALANCER && etp == TrafficPolicy.LOCAL)) {
            throw s.error("healthCheckNodePort", "forbidden: may only be set when type is 'LoadBalancer' and externalTrafficPolicy is 'Local'");
        }
        Boolean allocate = s.bool("allocateLoadBalancerNodePorts");
        if (allocate != null && type != ServiceType.LOAD_BALANCER) {
            throw s.error("allocateLoadBalancerNodePorts", "forbidden: may only be used when type is 'LoadBalancer'");
        }
        return new ServiceSpec(type, clusterIP, clusterIPs, selector, ports, externalIPs, affinity, affinityConfig, etp, itp,
                sourceRanges, lbIP, hcnp == null ? 0 : hcnp, s.flag("publishNotReadyAddresses"), allocate, externalName);
    }

    private static String clusterIP(FieldReader s) throws ManifestException {
        String v = s.string("clusterIP");
        if (v == null || v.isEmpty() || v.equals(ServiceSpec.CLUSTER_IP_NONE)) return v;
        String problem = ApiValidation.ip(v);
        if (problem != null) throw s.error("clusterIP", problem + " (or \"None\" for a headless service)");
        return v;
    }

    private static List<ServicePort> readPorts(FieldReader s, ServiceType type) throws ManifestException {
        List<FieldReader> rs = s.objects("ports", "ServicePort", ApiFields.SERVICE_PORT);
        List<ServicePort> ports = new ArrayList<>(rs.size());
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> portProtos = new HashMap<>();
        for (int i = 0; i < rs.size(); i++) {
            FieldReader p = rs.get(i);
            String name = p.string("name");
            if (name == null || name.isEmpty()) {
                if (rs.size() > 1) throw p.error("name", "required value: each port must be named when a service has more than one");
            } else {
                String problem = ApiValidation.dns1123Label(name);
                if (problem != null) throw p.error("name", problem);
                Integer prev = names.putIfAbsent(name, i);
                if (prev != null) throw p.error("name", "duplicate value \"" + name + "\" (also ports[" + prev + "])");
            }
            Protocol protocol = p.enumValue("protocol", Protocol.class);
            Integer port = p.port("port");
            if (port == null) throw p.missing("port");
            String key = port + "/" + (protocol == null ? Protocol.TCP : protocol);
            Integer prev = portProtos.putIfAbsent(key, i);
            if (prev != null) throw p.error("port", "duplicate value " + key + " (also ports[" + prev + "])");
            IntOrString target = p.intOrString("targetPort", 1, 65535);
            if (target != null && target.isString()) {
                String problem = ApiValidation.ianaSvcName(target.strVal());
                if (problem != null) throw p.error("targetPort", problem);
            }
            Integer nodePort = p.port("nodePort");
            if (nodePort != null && type != ServiceType.NODE_PORT && type != ServiceType.LOAD_BALANCER) {
                throw p.error("nodePort", "forbidden: may not be used when type is '" + type + "'");
            }
            ports.add(new ServicePort(name, protocol, port, target, nodePort == null ? 0 : nodePort, p.string("appProtocol")));
        }
        return ports;
    }

    private static ServiceStatus readStatus(FieldReader st) throws ManifestException {
        FieldReader lb = st.object("loadBalancer", "LoadBalancerStatus", ApiFields.LOAD_BALANCER_STATUS);
        if (lb == null) return ServiceStatus.EMPTY;
        List<LoadBalancerIngress> ingress = new ArrayList<>();
        for (FieldReader in : lb.objects("ingress", "LoadBalancerIngress", ApiFields.LOAD_BALANCER_INGRESS)) {
            String ip = in.string("ip");
            if (ip != null && !ip.isEmpty()) {
                String problem = ApiValidation.ip(ip);
                if (problem != null) throw in.error("ip", problem);
            }
            String ipMode = in.string("ipMode");
            if (ipMode != null && !ipMode.equals(LoadBalancerIngress.IP_MODE_VIP) && !ipMode.equals(LoadBalancerIngress.IP_MODE_PROXY)) {
                throw in.error("ipMode", "unsupported value \"" + ipMode + "\": supported values: \"VIP\", \"Proxy\"");
            }
            ingress.add(new LoadBalancerIngress(ip, in.string("hostname"), ipMode));
        }
        return new ServiceStatus(new LoadBalancerStatus(ingress));
    }
}
