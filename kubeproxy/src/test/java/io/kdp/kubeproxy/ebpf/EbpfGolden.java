package io.kdp.kubeproxy.ebpf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Golden files under src/test/resources/ebpf, '#' lines being comments; -Dkdp.updateGolden=true rewrites them. */
final class EbpfGolden {
    private EbpfGolden() {}

    static String read(String name) {
        try (InputStream in = EbpfGolden.class.getResourceAsStream("/ebpf/" + name)) {
            if (in == null) throw new IllegalStateException("missing golden file ebpf/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
                    .map(l -> l + "\n").collect(Collectors.joining());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void update(String name, String header, String actual) {
        if (!Boolean.getBoolean("kdp.updateGolden")) return;
        try {
            Path p = Path.of("src/test/resources/ebpf", name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, header + actual);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
