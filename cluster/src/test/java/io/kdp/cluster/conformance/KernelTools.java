package io.kdp.cluster.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What the kernel conformance tests need from the machine: root, {@code ip netns}, an
 * {@code iptables-restore} ({@code iptables-legacy-restore} preferred: it loads the rules into the
 * kernel's own x_tables exactly as written; else {@code iptables-nft-restore}, which translates them
 * to nf_tables), {@code conntrack} and {@code python3}, and a network namespace that can be created.
 * {@code -Dkdp.iptablesBackend=nft} picks iptables-nft even when legacy is there.
 * When something is missing the calling test is skipped, unless the system property
 * {@code kdp.requireTools} is {@code true} (CI): then it fails, saying what is missing.
 */
record KernelTools(String restore, String save, String backend) {
    private static KernelTools found;
    private static String missing;

    /** The tools, or skips / fails the calling test. */
    static synchronized KernelTools require() {
        if (found == null && missing == null) probe();
        if (missing != null) unavailable(missing);
        return found;
    }

    /** Skips the calling test, or fails it when tools are required. */
    static void unavailable(String why) {
        if (Boolean.parseBoolean(System.getProperty("kdp.requireTools"))) {
            fail("kernel conformance cannot run: " + why + ", and kdp.requireTools=true: this test must run");
        }
        Assumptions.abort("kernel conformance skipped: " + why + " (set -Dkdp.requireTools=true to fail instead)");
    }

    private static void probe() {
        if (!isRoot()) {
            missing = "not running as root (network namespaces and iptables need CAP_NET_ADMIN and CAP_SYS_ADMIN)";
            return;
        }
        for (String tool : List.of("ip", "conntrack", "python3")) {
            if (which(tool) == null) {
                missing = tool + " is not installed (Debian: iproute2, conntrack, python3)";
                return;
            }
        }
        String wanted = System.getProperty("kdp.iptablesBackend", ""); // "nft" forces iptables-nft, e.g. to compare backends
        if (which("iptables-legacy-restore") != null && !wanted.equals("nft")) {
            found = new KernelTools("iptables-legacy-restore", "iptables-legacy-save", "legacy (x_tables)");
        } else if (which("iptables-nft-restore") != null) {
            found = new KernelTools("iptables-nft-restore", "iptables-nft-save", "nft (nf_tables via iptables-nft)");
        } else {
            missing = "neither iptables-legacy-restore nor iptables-nft-restore is installed (Debian: iptables)";
            return;
        }
        String probe = Namespaces.newPrefix() + "-probe";
        try {
            Namespaces.create(probe);
        } catch (IllegalStateException e) {
            found = null;
            missing = "cannot create a network namespace (" + e.getMessage() + ")";
        } finally {
            try {
                Namespaces.delete(List.of(probe));
            } catch (IllegalStateException ignored) {
                // reported by the shutdown hook's retry at worst
            }
        }
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0"); // effective uid
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static Path which(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
