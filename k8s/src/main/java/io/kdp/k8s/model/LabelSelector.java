package io.kdp.k8s.model;

import java.util.List;
import java.util.Map;

/**
 * meta/v1 LabelSelector: {@code matchLabels} and {@code matchExpressions} are ANDed.
 *
 * <p>As metav1.LabelSelectorAsSelector: an empty selector ({@code {}}) matches every object, while a null
 * (absent) selector matches nothing; use {@link #matches(LabelSelector, Map)} where a selector may be absent.
 * Note that in a NetworkPolicy an absent selector in a peer is not "nothing" but "not restricted by this
 * selector"; callers interpret peers themselves.
 */
public record LabelSelector(Map<String, String> matchLabels, List<LabelSelectorRequirement> matchExpressions) {
    /** {@code {}}: selects everything. */
    public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

    public LabelSelector {
        matchLabels = Norm.map(matchLabels);
        matchExpressions = Norm.list(matchExpressions);
    }

    public static LabelSelector of(Map<String, String> matchLabels) {
        return new LabelSelector(matchLabels, List.of());
    }

    /** Whether this selector has no requirements (and so matches everything). */
    public boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }

    /** Whether {@code labels} satisfy every matchLabels entry and every expression. */
    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) return false;
        }
        for (LabelSelectorRequirement r : matchExpressions) {
            if (!r.matches(labels)) return false;
        }
        return true;
    }

    /** Null-aware matching: a null selector matches nothing, as LabelSelectorAsSelector(nil) is labels.Nothing(). */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        return selector != null && selector.matches(labels);
    }

    /**
     * Service-style equality selector ({@code spec.selector}): every pair must match. An empty map matches
     * everything here, but a service with an empty selector gets no managed endpoints at all.
     */
    public static boolean matchesMap(Map<String, String> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) return false;
        }
        return true;
    }
}
