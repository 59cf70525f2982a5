package io.kdp.k8s.yaml;

import io.kdp.k8s.model.Container;
import io.kdp.k8s.model.ContainerPort;
import io.kdp.k8s.model.ObjectMeta;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.PodCondition;
import io.kdp.k8s.model.PodPhase;
import io.kdp.k8s.model.PodSpec;
import io.kdp.k8s.model.PodStatus;
import io.kdp.k8s.model.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads core/v1 Pod, validating as ValidatePodSpec does for the fields kdp models. */
final class PodDecoder {
    private PodDecoder() {}

    static Pod read(FieldReader root) throws ManifestException {
        ObjectMeta meta = MetadataDecoder.read(root, ApiValidation::dns1123Subdomain, true);
        FieldReader s = root.object("spec", "PodSpec", ApiFields.POD_SPEC);
        if (s == null) throw root.missing("spec");
        PodSpec spec = readSpec(s);
        PodStatus status = PodStatus.EMPTY;
        FieldReader st = root.object("status", "PodStatus", ApiFields.POD_STATUS);
        if (st != null) status = readStatus(st);
        return new Pod(meta, spec, status);
    }

    private static PodSpec readSpec(FieldReader s) throws ManifestException {
        String nodeName = s.string("nodeName");
        if (nodeName != null && !nodeName.isEmpty()) {
            String problem = ApiValidation.dns1123Subdomain(nodeName);
            if (problem != null) throw s.error("nodeName", problem);
        }
        boolean hostNetwork = s.flag("hostNetwork");
        List<FieldReader> cs = s.objects("containers", "Container", ApiFields.CONTAINER);
        if (cs.isEmpty()) throw s.missing("containers");
        s.objects("initContainers", "Container", ApiFields.CONTAINER);
        List<Container> containers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (FieldReader c : cs) {
            String name = c.requiredString("name");
            String problem = ApiValidation.dns1123Label(name);
            if (problem != null) throw c.error("name", problem);
            if (!names.add(name)) throw c.error("name", "duplicate value \"" + name + "\"");
            c.requiredString("image");
            containers.add(new Container(name, readPorts(c)));
        }
        return new PodSpec(nodeName, hostNetwork, containers);
    }

    private static List<ContainerPort> readPorts(FieldReader c) throws ManifestException {
        List<ContainerPort> ports = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (FieldReader p : c.objects("ports", "ContainerPort", ApiFields.CONTAINER_PORT)) {
            String name = p.string("name");
            if (name != null && !name.isEmpty()) {
                String problem = ApiValidation.ianaSvcName(name);
                if (problem != null) throw p.error("name", problem);
                if (!names.add(name)) throw p.error("name", "duplicate value \"" + name + "\"");
            }
            Integer containerPort = p.port("containerPort");
            if (containerPort == null) throw p.missing("containerPort");
            Protocol protocol = p.enumValue("protocol", Protocol.class);
            Integer hostPort = p.integer("hostPort", 0, 65535);
            String hostIP = p.string("hostIP");
            if (hostIP != null && !hostIP.isEmpty()) {
                String problem = ApiValidation.ip(hostIP);
                if (problem != null) throw p.error("hostIP", problem);
            }
            ports.add(new ContainerPort(name, containerPort, protocol, hostPort == null ? 0 : hostPort));
        }
        return ports;
    }

    private static PodStatus readStatus(FieldReader st) throws ManifestException {
        PodPhase phase = st.enumValue("phase", PodPhase.class);
        String podIP = ip(st, "podIP");
        String hostIP = ip(st, "hostIP");
        List<String> podIPs = new ArrayList<>();
        for (FieldReader ip : st.objects("podIPs", "PodIP", ApiFields.POD_IP)) podIPs.add(ip(ip, "ip"));
        for (FieldReader ip : st.objects("hostIPs", "HostIP", ApiFields.POD_IP)) ip(ip, "ip");
        if (podIP != null && !podIPs.isEmpty() && !podIPs.get(0).equals(podIP)) {
            throw st.error("podIPs", "invalid value \"" + podIPs.get(0) + "\": podIPs[0] must match podIP \"" + podIP + "\"");
        }
        List<PodCondition> conditions = new ArrayList<>();
        for (FieldReader c : st.objects("conditions", "PodCondition", ApiFields.POD_CONDITION)) {
            String type = c.requiredString("type");
            String status = c.requiredString("status");
            if (!status.equals("True") && !status.equals("False") && !status.equals("Unknown")) {
                throw c.error("status", "unsupported value \"" + status + "\": supported values: \"True\", \"False\", \"Unknown\"");
            }
            conditions.add(new PodCondition(type, status));
        }
        return new PodStatus(phase, podIP, podIPs, hostIP, conditions);
    }

    private static String ip(FieldReader r, String field) throws ManifestException {
        String v = r.string(field);
        if (v == null || v.isEmpty()) return v;
        String problem = ApiValidation.ip(v);
        if (problem != null) throw r.error(field, problem);
        return v;
    }
}
