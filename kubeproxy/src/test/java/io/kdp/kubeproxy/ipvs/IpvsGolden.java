package io.kdp.kubeproxy.ipvs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads golden files from src/test/resources, dropping '#' comment lines; -Dkdp.updateGolden=true rewrites them. */
final class IpvsGolden {
    private IpvsGolden() {}

    static String read(String resource) {
        try (InputStream in = IpvsGolden.class.getResourceAsStream("/" + resource)) {
            if (in == null) throw new IllegalStateException("missing golden file " + resource);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.startsWith("#")).map(l -> l + "\n").collect(Collectors.joining());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** When updating, writes {@code header} (comment lines) and {@code actual} to the source tree. */
    static void update(String resource, String header, String actual) {
        if (!Boolean.getBoolean("kdp.updateGolden")) return;
        try {
            Path p = Path.of("src/test/resources", resource);
            Files.createDirectories(p.getParent());
            Files.writeString(p, header + actual);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
