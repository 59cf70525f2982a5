package io.kdp.kubeproxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProbabilityTest {
    @Test
    void formatsLikeGoPercent010f() {
        assertThat(Probability.of(1)).isEqualTo("1.0000000000");
        assertThat(Probability.of(2)).isEqualTo("0.5000000000");
        assertThat(Probability.of(3)).isEqualTo("0.3333333333");
        assertThat(Probability.of(6)).isEqualTo("0.1666666667");
        assertThat(Probability.of(7)).isEqualTo("0.1428571429");
        assertThat(Probability.of(1024)).isEqualTo("0.0009765625");
        assertThat(Probability.of(5000)).isEqualTo("0.0002000000");
    }

    @Test
    void rejectsNonPositive() {
        assertThatThrownBy(() -> Probability.of(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("probability 1/0");
    }
}
