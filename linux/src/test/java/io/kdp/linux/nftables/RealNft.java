package io.kdp.linux.nftables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real {@code nft} inside a throw-away network namespace. Tests that need it skip when
 * {@code nft}/{@code ip} are missing or namespaces cannot be made (not root), unless the system
 * property {@code kdp.requireTools=true} is set, in which case they fail.
 */
final class RealNft {
    private RealNft() {}

    /** Skips (or fails under kdp.requireTools=true) unless nft and ip work here. */
    static void assumeAvailable() {
        String why = unavailable();
        if (why == null) return;
        if (Boolean.getBoolean("kdp.requireTools")) throw new AssertionError("kdp.requireTools=true but " + why);
        Assumptions.assumeTrue(false, why);
    }

    private static String unavailable() {
        for (String tool : List.of("nft", "ip")) {
            try {
                if (run(List.of(tool, "-V")).exit != 0 && run(List.of(tool, "--version")).exit != 0) return tool + " does not run";
            } catch (IOException e) {
                return tool + " is not installed";
            }
        }
        return null;
    }

    /** Loads {@code input} with {@code nft -f} in a fresh namespace and returns {@code nft list ruleset}. */
    static String loadAndList(String input) throws IOException {
        String ns = "kdp-nft-test-" + ThreadLocalRandom.current().nextInt(1_000_000);
        Path file = Files.createTempFile("kdp-nft", ".nft");
        try {
            Files.writeString(file, input);
            Result add = run(List.of("ip", "netns", "add", ns));
            if (add.exit != 0) {
                String why = "cannot create a network namespace: " + add.output.strip();
                if (Boolean.getBoolean("kdp.requireTools")) throw new AssertionError(why);
                Assumptions.assumeTrue(false, why);
            }
            Result load = run(List.of("ip", "netns", "exec", ns, "nft", "-f", file.toString()));
            if (load.exit != 0) throw new AssertionError("real nft rejected the input:\n" + load.output);
            Result list = run(List.of("ip", "netns", "exec", ns, "nft", "list", "ruleset"));
            if (list.exit != 0) throw new AssertionError("nft list ruleset failed:\n" + list.output);
            return list.output;
        } finally {
            run(List.of("ip", "netns", "del", ns));
            Files.deleteIfExists(file);
        }
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd + " timed out");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
