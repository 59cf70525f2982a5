package io.kdp.kubeproxy.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Vectors from the Python mmh3 extension (mmh3.hash128(data, seed, x64arch=True): low 64 bits h1, high h2). */
class Murmur3Test {
    static long[] h(String s, int seed) {
        return Murmur3.hash128(s.getBytes(StandardCharsets.UTF_8), seed);
    }

    @Test
    void matchesTheReferenceImplementation() {
        assertThat(h("", 0)).containsExactly(0L, 0L);
        assertThat(h("hello", 0)).containsExactly(0xcbd8a7b341bd9b02L, 0x5b1e906a48ae1d19L);
        // 43 bytes: two full blocks and an 11-byte tail; seed 42
        assertThat(h("The quick brown fox jumps over the lazy dog", 42)).containsExactly(0x740dcf93fe0bd5d7L, 0xc4546cf4ec705c8fL);
        // a backend name with the first word of Cilium's default seed JLfvgnHc2kaSUFaI (24 b7 ef 82)
        assertThat(h("10.244.1.3:8080/TCP", 0x24b7ef82)).containsExactly(0x39a413f86dc819ccL, 0xa4f6188b7453b828L);
    }
}
