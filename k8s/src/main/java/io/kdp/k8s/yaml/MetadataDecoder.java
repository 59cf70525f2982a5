package io.kdp.k8s.yaml;

import io.kdp.k8s.model.ObjectMeta;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Reads meta/v1 ObjectMeta and validates name and namespace as ValidateObjectMeta does. */
final class MetadataDecoder {
    private MetadataDecoder() {}

    /**
     * @param root the object's reader
     * @param nameCheck the kind's name rule (DNS-1123 subdomain for most kinds, DNS-1035 label for services)
     * @param namespaced whether the kind is namespaced (a namespace given to a cluster-scoped kind is dropped,
     *     as the API server does)
     */
    static ObjectMeta read(FieldReader root, FieldReader.Check nameCheck, boolean namespaced) throws ManifestException {
        FieldReader m = root.object("metadata", "ObjectMeta", ApiFields.OBJECT_META);
        if (m == null) throw new ManifestException(root.source(), root.line(), root.path("metadata.name"), "required value");
        String name = m.string("name");
        if (name == null || name.isEmpty()) {
            if (m.has("generateName")) throw m.error("generateName", "not supported by kdp: give the object a metadata.name");
            throw m.missing("name");
        }
        String problem = nameCheck.problem(name);
        if (problem != null) throw m.error("name", problem);
        String namespace = m.string("namespace");
        if (namespace != null && !namespace.isEmpty() && namespaced) {
            problem = ApiValidation.dns1123Label(namespace);
            if (problem != null) throw m.error("namespace", problem);
        }
        Map<String, String> labels = m.stringMap("labels", ApiValidation::qualifiedName, ApiValidation::labelValue);
        Map<String, String> annotations = m.stringMap("annotations", ApiValidation::qualifiedName, null);
        String uid = m.string("uid");
        String deletion = m.string("deletionTimestamp");
        if (deletion != null) {
            try {
                OffsetDateTime.parse(deletion);
            } catch (DateTimeParseException e) {
                throw m.error("deletionTimestamp", "invalid value \"" + deletion + "\": must be an RFC 3339 time such as 2024-05-01T12:00:00Z");
            }
        }
        return new ObjectMeta(name, namespaced ? namespace : "", labels, annotations, uid, deletion);
    }
}
