package io.kdp.cluster.capture;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates external tools the capture tests check against (tshark, tcpdump, ip). A missing tool
 * skips the test, unless the system property {@code kdp.requireTools} is {@code true} (CI): then it fails.
 */
final class RequiredTools {
    private RequiredTools() {}

    static Path require(String tool, String installHint) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) return p;
        }
        for (String dir : new String[] {"/usr/sbin", "/sbin"}) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) return p;
        }
        unavailable(tool + " is not installed (" + installHint + ")");
        return null;
    }

    /** Skips the calling test, or fails it when tools are required. */
    static void unavailable(String why) {
        if (Boolean.parseBoolean(System.getProperty("kdp.requireTools"))) fail(why + " and kdp.requireTools=true: this test must run");
        Assumptions.abort(why + "; skipping (set -Dkdp.requireTools=true to fail instead)");
    }
}
