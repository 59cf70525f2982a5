package io.kdp.k8s.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front");
    private static final Map<String, String> NONE = Map.of();

    private static LabelSelector expr(String key, LabelSelectorOperator op, String... values) {
        return new LabelSelector(Map.of(), List.of(new LabelSelectorRequirement(key, op, List.of(values))));
    }

    @Test
    void emptySelectsEverythingNullSelectsNothing() {
        assertThat(LabelSelector.EVERYTHING.matches(WEB)).isTrue();
        assertThat(LabelSelector.EVERYTHING.matches(NONE)).isTrue();
        assertThat(LabelSelector.matches(null, WEB)).isFalse();
        assertThat(LabelSelector.matches(LabelSelector.EVERYTHING, NONE)).isTrue();
    }

    @Test
    void matchLabels() {
        assertThat(LabelSelector.of(Map.of("app", "web")).matches(WEB)).isTrue();
        assertThat(LabelSelector.of(Map.of("app", "web", "tier", "back")).matches(WEB)).isFalse();
        assertThat(LabelSelector.of(Map.of("app", "web")).matches(NONE)).isFalse();
    }

    @Test
    void in() {
        assertThat(expr("app", LabelSelectorOperator.IN, "db", "web").matches(WEB)).isTrue();
        assertThat(expr("app", LabelSelectorOperator.IN, "db").matches(WEB)).isFalse();
        assertThat(expr("app", LabelSelectorOperator.IN, "web").matches(NONE)).isFalse();
    }

    @Test
    void notInMatchesAbsentLabels() {
        assertThat(expr("app", LabelSelectorOperator.NOT_IN, "db").matches(WEB)).isTrue();
        assertThat(expr("app", LabelSelectorOperator.NOT_IN, "web").matches(WEB)).isFalse();
        assertThat(expr("app", LabelSelectorOperator.NOT_IN, "web").matches(NONE)).isTrue();
    }

    @Test
    void existsAndDoesNotExist() {
        assertThat(expr("tier", LabelSelectorOperator.EXISTS).matches(WEB)).isTrue();
        assertThat(expr("zone", LabelSelectorOperator.EXISTS).matches(WEB)).isFalse();
        assertThat(expr("zone", LabelSelectorOperator.DOES_NOT_EXIST).matches(WEB)).isTrue();
        assertThat(expr("tier", LabelSelectorOperator.DOES_NOT_EXIST).matches(WEB)).isFalse();
    }

    @Test
    void labelsAndExpressionsAreAnded() {
        LabelSelector s = new LabelSelector(Map.of("app", "web"),
                List.of(new LabelSelectorRequirement("tier", LabelSelectorOperator.IN, List.of("front")),
                        new LabelSelectorRequirement("canary", LabelSelectorOperator.DOES_NOT_EXIST, List.of())));
        assertThat(s.matches(WEB)).isTrue();
        assertThat(s.matches(Map.of("app", "web", "tier", "front", "canary", "1"))).isFalse();
        assertThat(s.matches(Map.of("app", "web"))).isFalse();
    }

    @Test
    void serviceStyleMapSelector() {
        assertThat(LabelSelector.matchesMap(Map.of("app", "web"), WEB)).isTrue();
        assertThat(LabelSelector.matchesMap(Map.of("app", "db"), WEB)).isFalse();
    }
}
