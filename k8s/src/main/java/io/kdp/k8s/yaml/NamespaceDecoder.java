package io.kdp.k8s.yaml;

import io.kdp.k8s.model.Namespace;

/** Reads core/v1 Namespace; its name must be a DNS-1123 label. */
final class NamespaceDecoder {
    private NamespaceDecoder() {}

    static Namespace read(FieldReader root) throws ManifestException {
        Namespace ns = new Namespace(MetadataDecoder.read(root, ApiValidation::dns1123Label, false));
        root.object("spec", "NamespaceSpec", ApiFields.NAMESPACE_SPEC);
        root.object("status", "NamespaceStatus", ApiFields.NAMESPACE_STATUS);
        return ns;
    }
}
