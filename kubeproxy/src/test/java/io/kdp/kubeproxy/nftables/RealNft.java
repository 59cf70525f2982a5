package io.kdp.kubeproxy.nftables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real {@code nft} in a throw-away network namespace. Skips when nft, ip or namespaces are unavailable,
 * unless {@code -Dkdp.requireTools=true}, which makes that a failure.
 */
final class RealNft {
    private RealNft() {}

    /** Loads each transaction in turn with {@code nft -f} in a fresh namespace; returns {@code nft list ruleset}. */
    static String loadAndList(List<String> transactions) throws IOException {
        String ns = "kdp-kp-nft-" + ThreadLocalRandom.current().nextInt(1_000_000);
        Result add;
        try {
            add = run(List.of("ip", "netns", "add", ns));
        } catch (IOException e) {
            add = new Result(127, e.getMessage());
        }
        if (add.exit != 0) {
            String why = "cannot create a network namespace: " + add.output.strip();
            if (Boolean.getBoolean("kdp.requireTools")) throw new AssertionError(why);
            Assumptions.assumeTrue(false, why);
        }
        try {
            for (String tx : transactions) {
                if (tx.isEmpty()) continue;
                Path file = Files.createTempFile("kdp-kp", ".nft");
                try {
                    Files.writeString(file, tx);
                    Result load = run(List.of("ip", "netns", "exec", ns, "nft", "-f", file.toString()));
                    if (load.exit != 0) {
                        if (load.output.contains("No such file or directory") && load.output.contains("nft")) Assumptions.assumeTrue(false, "nft missing");
                        throw new AssertionError("real nft rejected the transaction:\n" + load.output);
                    }
                } finally {
                    Files.deleteIfExists(file);
                }
            }
            Result list = run(List.of("ip", "netns", "exec", ns, "nft", "list", "ruleset"));
            if (list.exit != 0) throw new AssertionError("nft list ruleset failed:\n" + list.output);
            return list.output;
        } finally {
            run(List.of("ip", "netns", "del", ns));
        }
    }

    /** Hash sets list their elements in a per-namespace random order: sort each {@code elements = { ... }} list. */
    static String sortElements(String listing) {
        Matcher m = Pattern.compile("elements = \\{ (.*?) \\}\n", Pattern.DOTALL).matcher(listing);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String[] parts = m.group(1).split(",\\s+");
            java.util.Arrays.sort(parts);
            m.appendReplacement(sb, Matcher.quoteReplacement("elements = { " + String.join(", ", parts) + " }\n"));
        }
        m.appendTail(sb);
        return sb.toString();
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
