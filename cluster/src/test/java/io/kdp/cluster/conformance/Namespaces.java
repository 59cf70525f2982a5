package io.kdp.cluster.conformance;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The network namespaces the conformance tests create: named {@code kdp-<random>-<role>}, recorded
 * here, and deleted by {@link #delete} (in a finally block) or, if the JVM stops first, by a shutdown hook.
 */
final class Namespaces {
    private static final Set<String> LIVE = new LinkedHashSet<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static boolean hooked;

    private Namespaces() {}

    /** A fresh prefix {@code kdp-1a2b3c} for one set of namespaces (roles are appended: {@code kdp-1a2b3c-n}). */
    static String newPrefix() {
        return String.format("kdp-%06x", RANDOM.nextInt(1 << 24));
    }

    /** Creates the namespace ({@code ip netns add}) and records it for deletion. */
    static synchronized void create(String name) {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(Namespaces::deleteAll, "kdp-conformance-netns-cleanup"));
            hooked = true;
        }
        Command.check(List.of("ip", "netns", "add", name), null, 30);
        LIVE.add(name);
    }

    /**
     * Deletes the namespaces (their veth ends go with them), retrying a few times (a namespace file can
     * be busy for a moment while an {@code ip netns exec} starts elsewhere); failures are reported after
     * trying all, and the namespaces stay recorded so that the shutdown hook tries again.
     */
    static void delete(List<String> names) {
        List<String> failed = new ArrayList<>();
        for (String n : names) {
            synchronized (Namespaces.class) {
                if (!LIVE.contains(n)) continue;
            }
            Command.Result r = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                r = Command.run(List.of("ip", "netns", "del", n), null, 30);
                if (r.ok() || !Command.run(List.of("ip", "netns", "pids", n), null, 30).ok()) break; // gone (or deleted meanwhile)
                sleep(200);
            }
            if (r.ok() || !Command.run(List.of("ip", "netns", "pids", n), null, 30).ok()) {
                synchronized (Namespaces.class) {
                    LIVE.remove(n);
                }
            } else {
                failed.add(n + ": " + r.stderr().strip());
            }
        }
        if (!failed.isEmpty()) throw new IllegalStateException("could not delete network namespaces: " + failed);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The namespaces created and not yet deleted. */
    static synchronized List<String> live() {
        return List.copyOf(LIVE);
    }

    private static void deleteAll() {
        for (String n : live()) Command.run(List.of("ip", "netns", "del", n), null, 10);
    }
}
