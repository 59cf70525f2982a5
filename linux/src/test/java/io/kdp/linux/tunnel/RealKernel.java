package io.kdp.linux.tunnel;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs commands against the machine's real kernel for comparison tests. Tests skip when a tool or root
 * is missing, unless {@code -Dkdp.requireTools=true}, which turns that into a failure.
 */
final class RealKernel {
    private RealKernel() {}

    /** Skips (or fails, with kdp.requireTools) unless every tool is on PATH and network namespaces can be made. */
    static void require(String... tools) {
        for (String t : tools) {
            if (!onPath(t)) unavailable(t + " is not installed");
        }
        String probe = "kdp-probe-" + ProcessHandle.current().pid();
        try {
            if (exec(List.of("ip", "netns", "add", probe), false) != 0) unavailable("cannot create network namespaces (not root?)");
        } finally {
            exec(List.of("ip", "netns", "del", probe), false);
        }
    }

    private static void unavailable(String why) {
        if (Boolean.getBoolean("kdp.requireTools")) fail("kdp.requireTools=true but " + why);
        Assumptions.abort(why);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) return true;
        }
        return false;
    }

    /** Runs a shell command line; fails the test with its output when it exits non-zero. */
    static String sh(String command) {
        try {
            Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + command);
            }
            if (p.exitValue() != 0) fail("`" + command + "` exited " + p.exitValue() + ": " + out);
            return out;
        } catch (IOException e) {
            throw new AssertionError(command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(command, e);
        }
    }

    static int exec(List<String> command, boolean inheritOutput) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (!inheritOutput) pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Starts tcpdump writing {@code count} packets matching {@code filter} to {@code pcap}, returning once it listens. */
    static Process tcpdump(String netns, String dev, String pcap, int count, String filter) throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "exec", netns, "tcpdump", "-i", dev, "-w", pcap, "-U", "-c", Integer.toString(count), filter).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        for (String line = err.readLine(); line != null; line = err.readLine()) {
            if (line.contains("listening on")) return p;
        }
        fail("tcpdump did not start");
        return p;
    }
}
