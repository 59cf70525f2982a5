package io.kdp.kubeproxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Golden files under src/test/resources: lines starting with {@code "# "} are comments and are
 * dropped; {@code -Dkdp.updateGolden=true} rewrites the files from what the code produces.
 */
public final class Golden {
    private Golden() {}

    /** The file's text without its comment lines. */
    public static String read(String resource) {
        try (InputStream in = Golden.class.getResourceAsStream("/" + resource)) {
            if (in == null) throw new IllegalStateException("missing golden file " + resource);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.startsWith("# ")).map(l -> l + "\n").collect(Collectors.joining());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** When updating, writes {@code header} (comment lines) and {@code actual} to the source tree. */
    public static void update(String resource, String header, String actual) {
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
