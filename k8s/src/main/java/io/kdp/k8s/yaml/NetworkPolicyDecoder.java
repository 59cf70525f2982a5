package io.kdp.k8s.yaml;

import io.kdp.k8s.model.IPBlock;
import io.kdp.k8s.model.IntOrString;
import io.kdp.k8s.model.LabelSelector;
import io.kdp.k8s.model.LabelSelectorOperator;
import io.kdp.k8s.model.LabelSelectorRequirement;
import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.NetworkPolicyEgressRule;
import io.kdp.k8s.model.NetworkPolicyIngressRule;
import io.kdp.k8s.model.NetworkPolicyPeer;
import io.kdp.k8s.model.NetworkPolicyPort;
import io.kdp.k8s.model.NetworkPolicySpec;
import io.kdp.k8s.model.ObjectMeta;
import io.kdp.k8s.model.PolicyType;
import io.kdp.k8s.model.Protocol;
import io.kdp.packet.Cidr;
import java.util.ArrayList;
import java.util.List;

/** Reads networking/v1 NetworkPolicy with the checks of ValidateNetworkPolicySpec. */
final class NetworkPolicyDecoder {
    private NetworkPolicyDecoder() {}

    static NetworkPolicy read(FieldReader root) throws ManifestException {
        ObjectMeta meta = MetadataDecoder.read(root, ApiValidation::dns1123Subdomain, true);
        FieldReader s = root.object("spec", "NetworkPolicySpec", ApiFields.NETWORK_POLICY_SPEC);
        if (s == null) throw root.missing("spec");
        LabelSelector podSelector = selector(s, "podSelector");
        if (podSelector == null) throw s.missing("podSelector");
        List<PolicyType> types = new ArrayList<>();
        List<String> typeNames = s.strings("policyTypes", v -> PolicyType.fromApi(v) == null
                ? "unsupported value \"" + v + "\": supported values: \"Ingress\", \"Egress\"" : null);
        for (String t : typeNames) {
            PolicyType pt = PolicyType.fromApi(t);
            if (types.contains(pt)) throw s.error("policyTypes", "duplicate value \"" + t + "\"");
            types.add(pt);
        }
        List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
        for (FieldReader r : s.objects("ingress", "NetworkPolicyIngressRule", ApiFields.INGRESS_RULE)) {
            ingress.add(new NetworkPolicyIngressRule(ports(r), peers(r, "from")));
        }
        List<NetworkPolicyEgressRule> egress = new ArrayList<>();
        for (FieldReader r : s.objects("egress", "NetworkPolicyEgressRule", ApiFields.EGRESS_RULE)) {
            egress.add(new NetworkPolicyEgressRule(ports(r), peers(r, "to")));
        }
        return new NetworkPolicy(meta, new NetworkPolicySpec(podSelector, types, ingress, egress));
    }

    private static List<NetworkPolicyPort> ports(FieldReader rule) throws ManifestException {
        List<NetworkPolicyPort> out = new ArrayList<>();
        for (FieldReader p : rule.objects("ports", "NetworkPolicyPort", ApiFields.NETWORK_POLICY_PORT)) {
            Protocol protocol = p.enumValue("protocol", Protocol.class);
            IntOrString port = p.intOrString("port", 1, 65535);
            if (port != null && port.isString()) {
                String problem = ApiValidation.ianaSvcName(port.strVal());
                if (problem != null) throw p.error("port", problem);
            }
            Integer endPort = p.port("endPort");
            if (endPort != null) {
                if (port == null || port.isString()) throw p.error("endPort", "forbidden: may not be specified when port is not a number");
                if (endPort < port.intVal()) throw p.error("endPort", "invalid value " + endPort + ": must be greater than or equal to port");
            }
            out.add(new NetworkPolicyPort(protocol, port, endPort));
        }
        return out;
    }

    private static List<NetworkPolicyPeer> peers(FieldReader rule, String field) throws ManifestException {
        List<NetworkPolicyPeer> out = new ArrayList<>();
        for (FieldReader p : rule.objects(field, "NetworkPolicyPeer", ApiFields.NETWORK_POLICY_PEER)) {
            LabelSelector pods = selector(p, "podSelector");
            LabelSelector namespaces = selector(p, "namespaceSelector");
            IPBlock block = null;
            FieldReader b = p.object("ipBlock", "IPBlock", ApiFields.IP_BLOCK);
            if (b != null) block = ipBlock(b);
            int set = (pods != null || namespaces != null ? 1 : 0) + (block != null ? 1 : 0);
            if (set == 0) throw new ManifestException(p.source(), p.line(), p.path(), "required value: must specify a peer");
            if (set > 1) throw p.error("ipBlock", "forbidden: may not specify more than 1 peer type (ipBlock with a selector)");
            out.add(new NetworkPolicyPeer(pods, namespaces, block));
        }
        return out;
    }

    private static IPBlock ipBlock(FieldReader b) throws ManifestException {
        String cidr = b.requiredString("cidr");
        String problem = ApiValidation.cidr(cidr, true);
        if (problem != null) throw b.error("cidr", problem);
        Cidr outer = Cidr.parse(cidr);
        List<String> except = b.strings("except", v -> {
            String p = ApiValidation.cidr(v, true);
            if (p != null) return p;
            Cidr inner = Cidr.parse(v);
            return outer.contains(inner) && inner.prefixLength() > outer.prefixLength() ? null
                    : "invalid value \"" + v + "\": must be a strict subset of cidr \"" + cidr + "\"";
        });
        return new IPBlock(cidr, except);
    }

    /** A meta/v1 LabelSelector, or null when absent; validated as ValidateLabelSelector does. */
    static LabelSelector selector(FieldReader parent, String field) throws ManifestException {
        FieldReader s = parent.object(field, "LabelSelector", ApiFields.LABEL_SELECTOR);
        if (s == null) return null;
        var labels = s.stringMap("matchLabels", ApiValidation::qualifiedName, ApiValidation::labelValue);
        List<LabelSelectorRequirement> reqs = new ArrayList<>();
        for (FieldReader r : s.objects("matchExpressions", "LabelSelectorRequirement", ApiFields.LABEL_SELECTOR_REQUIREMENT)) {
            String key = r.requiredString("key");
            String problem = ApiValidation.qualifiedName(key);
            if (problem != null) throw r.error("key", problem);
            LabelSelectorOperator op = r.enumValue("operator", LabelSelectorOperator.class);
            if (op == null) throw r.missing("operator");
            List<String> values = r.strings("values", ApiValidation::labelValue);
            boolean needsValues = op == LabelSelectorOperator.IN || op == LabelSelectorOperator.NOT_IN;
            if (needsValues && values.isEmpty()) throw r.error("values", "required value: must be specified when operator is 'In' or 'NotIn'");
            if (!needsValues && !values.isEmpty()) throw r.error("values", "forbidden: may not be specified when operator is 'Exists' or 'DoesNotExist'");
            reqs.add(new LabelSelectorRequirement(key, op, values));
        }
        return new LabelSelector(labels, reqs);
    }
}
