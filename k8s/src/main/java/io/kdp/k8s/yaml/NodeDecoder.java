package io.kdp.k8s.yaml;

import io.kdp.k8s.model.Node;
import io.kdp.k8s.model.NodeAddress;
import io.kdp.k8s.model.NodeSpec;
import io.kdp.k8s.model.NodeStatus;
import io.kdp.k8s.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;

/** Reads core/v1 Node. */
final class NodeDecoder {
    private NodeDecoder() {}

    static Node read(FieldReader root) throws ManifestException {
        ObjectMeta meta = MetadataDecoder.read(root, ApiValidation::dns1123Subdomain, false);
        NodeSpec spec = NodeSpec.EMPTY;
        FieldReader s = root.object("spec", "NodeSpec", ApiFields.NODE_SPEC);
        if (s != null) {
            String podCIDR = s.string("podCIDR");
            if (podCIDR != null && !podCIDR.isEmpty()) {
                String problem = ApiValidation.cidr(podCIDR, false);
                if (problem != null) throw s.error("podCIDR", problem);
            }
            List<String> podCIDRs = s.strings("podCIDRs", v -> ApiValidation.cidr(v, false));
            if (podCIDR != null && !podCIDR.isEmpty() && !podCIDRs.isEmpty() && !podCIDRs.get(0).equals(podCIDR)) {
                throw s.error("podCIDRs", "invalid value \"" + podCIDRs.get(0) + "\": podCIDRs[0] must match podCIDR \"" + podCIDR + "\"");
            }
            spec = new NodeSpec(podCIDR, podCIDRs, s.flag("unschedulable"));
        }
        NodeStatus status = NodeStatus.EMPTY;
        FieldReader st = root.object("status", "NodeStatus", ApiFields.NODE_STATUS);
        if (st != null) {
            List<NodeAddress> addresses = new ArrayList<>();
            for (FieldReader a : st.objects("addresses", "NodeAddress", ApiFields.NODE_ADDRESS)) {
                String type = a.requiredString("type");
                String address = a.requiredString("address");
                if (type.equals(NodeAddress.INTERNAL_IP) || type.equals(NodeAddress.EXTERNAL_IP)) {
                    String problem = ApiValidation.ip(address);
                    if (problem != null) throw a.error("address", problem);
                }
                addresses.add(new NodeAddress(type, address));
            }
            status = new NodeStatus(addresses);
        }
        return new Node(meta, spec, status);
    }
}
