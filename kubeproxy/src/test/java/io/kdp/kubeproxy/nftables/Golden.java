package io.kdp.kubeproxy.nftables;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Golden files under src/test/resources/nftables, '#' lines dropped; -Dkdp.updateGolden=true rewrites them. */
final class Golden {
    private Golden() {}

    static String read(String resource) {
        try (InputStream in = Golden.class.getResourceAsStream("/nftables/" + resource)) {
            if (in == null) throw new IllegalStateException("missing golden file nftables/" + resource);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.startsWith("# ")).map(l -> l + "\n").collect(Collectors.joining());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** When updating, writes {@code header} ('# ' lines) and {@code actual} to the source tree. */
    static void update(String resource, String header, String actual) {
        if (!Boolean.getBoolean("kdp.updateGolden")) return;
        try {
            Path p = Path.of("src/test/resources/nftables", resource);
            Files.createDirectories(p.getParent());
            Files.writeString(p, header + actual);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
