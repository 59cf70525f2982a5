package io.kdp.cluster.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A {@link BenchProgress} that prints one line per node built and per case measured, with the
 * case count and the time elapsed, for {@code kdp bench}'s standard error.
 */
public final class PrintingProgress implements BenchProgress {
    private final PrintStream out;
    private final long start = System.nanoTime();

    public PrintingProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void building(ProxyMode mode, int services, int endpoints) {
        out.printf(Locale.ROOT, "%s building the %s node: %d Services x %d endpoints ...%n", elapsed(), mode.modeName(), services, endpoints);
        out.flush();
    }

    @Override
    public void built(ProxyMode mode, int services, int endpoints, long nanos) {
        out.printf(Locale.ROOT, "%s   built in %.1f s; measuring%n", elapsed(), nanos / 1e9);
        out.flush();
    }

    @Override
    public void measured(int index, int total, LookupResult r) {
        int width = Integer.toString(total).length();
        out.printf(Locale.ROOT, "%s [%" + width + "d/%d] %-8s %6d svc %3d ep  %-5s %-11s %12s ns/packet%n", elapsed(), index, total,
                r.mode().modeName(), r.services(), r.endpoints(), r.position().label(), r.connection().label(), ResultsCsv.ns(r.nsPerPacket()));
        out.flush();
    }

    private String elapsed() {
        long s = (System.nanoTime() - start) / 1_000_000_000L;
        return String.format(Locale.ROOT, "[%02d:%02d]", s / 60, s % 60);
    }
}
