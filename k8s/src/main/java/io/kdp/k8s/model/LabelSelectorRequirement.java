package io.kdp.k8s.model;

import java.util.List;
import java.util.Map;

/**
 * meta/v1 LabelSelectorRequirement. Semantics (k8s.io/apimachinery labels.Requirement.Matches):
 * In: the label exists and its value is in {@code values}; NotIn: the label is absent or its value is not in
 * {@code values}; Exists: the label exists; DoesNotExist: it does not.
 */
public record LabelSelectorRequirement(String key, LabelSelectorOperator operator, List<String> values) {
    public LabelSelectorRequirement {
        key = Norm.str(key);
        if (operator == null) throw new IllegalArgumentException("label selector requirement " + key + ": operator is required");
        values = Norm.list(values);
    }

    public boolean matches(Map<String, String> labels) {
        String v = labels.get(key);
        return switch (operator) {
            case IN -> v != null && values.contains(v);
            case NOT_IN -> v == null || !values.contains(v);
            case EXISTS -> v != null;
            case DOES_NOT_EXIST -> v == null;
        };
    }
}
