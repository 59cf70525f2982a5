package io.kdp.packet;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates external tools that some tests check against (tshark...). When a tool is missing the test
 * is skipped, unless the system property {@code kdp.requireTools} is {@code true} (CI), where it fails.
 */
public final class RequiredTools {
    private RequiredTools() {}

    /** The tool's path on PATH; skips or fails the calling test when it is absent. */
    public static Path require(String tool, String installHint) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) return p;
        }
        String msg = tool + " is not installed (" + installHint + ")";
        if (Boolean.parseBoolean(System.getProperty("kdp.requireTools"))) {
            fail(msg + " and kdp.requireTools=true: this test must run");
        }
        Assumptions.abort(msg + "; skipping (set -Dkdp.requireTools=true to fail instead)");
        return null;
    }
}
