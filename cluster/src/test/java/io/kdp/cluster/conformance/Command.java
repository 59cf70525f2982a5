package io.kdp.cluster.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a system command with optional standard input and collects its output. */
final class Command {
    /** How a command ended. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() { return exitCode == 0; }
    }

    private Command() {}

    /** Runs the command; a non-zero exit is returned, not thrown. */
    static Result run(List<String> command, String stdin, long timeoutSeconds) {
        Process p;
        try {
            List<String> cmd = new java.util.ArrayList<>(command);
            java.nio.file.Path exe = cmd.get(0).contains("/") ? null : KernelTools.which(cmd.get(0));
            if (exe != null) cmd.set(0, exe.toString()); // /usr/sbin may be missing from PATH
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            return new Result(127, "", String.join(" ", command) + ": " + e.getMessage());
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the command exited without reading its input: its exit code and stderr say why
        }
        // an interrupt does not abandon the command (a namespace must still be deleted): it is kept for the caller
        boolean interrupted = Thread.interrupted();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (true) {
                try {
                    if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        p.destroyForcibly();
                        return new Result(124, "", String.join(" ", command) + ": timed out after " + timeoutSeconds + " s");
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Runs the command and returns its standard output, or throws with its standard error. */
    static String check(List<String> command, String stdin, long timeoutSeconds) {
        Result r = run(command, stdin, timeoutSeconds);
        if (!r.ok()) throw new IllegalStateException(String.join(" ", command) + " failed (exit " + r.exitCode() + "): " + r.stderr().strip());
        return r.stdout();
    }

    private static byte[] drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
