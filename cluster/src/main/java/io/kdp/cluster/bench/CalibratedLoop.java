package io.kdp.cluster.bench;

import java.time.Duration;
import java.util.List;

/**
 * {@code kdp bench}'s stand-in for JMH, which cannot run inside the CLI's jar (its benchmark
 * classes are generated at build time, in {@code bench/}): runs {@link DecisionProbe}s in batches,
 * timing only the batches with {@link System#nanoTime()} and {@link DecisionProbe#reset()
 * resetting} between them untimed.
 *
 * <p>Each probe's batch size is calibrated so that one batch takes about {@link #BATCH_NANOS}
 * (clamped to 1..{@value #MAX_BATCH} packets), far above the timer's resolution. The probes of one
 * node are measured together, in turns: a warm-up of the given length lets the JIT compile their
 * paths, then {@code rounds} rounds give each probe an equal share of the measured time. A probe's
 * result is its best round (the lowest mean time per packet): on a shared machine other work only
 * ever adds time, so the least disturbed round is the closest to the cost itself.
 *
 * @param warmup  time to run all probes before measuring
 * @param measure total time measured, shared by the probes
 * @param rounds  rounds the measured time is split into
 */
public record CalibratedLoop(Duration warmup, Duration measure, int rounds) {
    /** The target duration of one timed batch. */
    public static final long BATCH_NANOS = 1_000_000;
    /** The most packets in one batch (well below {@link BenchNode#PORT_RANGE}). */
    public static final int MAX_BATCH = 4096;

    public CalibratedLoop {
        if (rounds < 1) throw new IllegalArgumentException("rounds must be at least 1");
    }

    /**
     * What one probe's measurement found.
     *
     * @param nsPerPacket the best round's mean nanoseconds per packet
     * @param packets     packets timed over all rounds
     * @param checksum    the probe's checksum (consumed, so no work is optimised away)
     */
    public record Measurement(double nsPerPacket, long packets, long checksum) {}

    /** Measures one probe. */
    public Measurement measure(DecisionProbe probe) {
        return measure(List.of(probe)).get(0);
    }

    /** Measures the probes in turns; results in the same order. */
    public List<Measurement> measure(List<DecisionProbe> probes) {
        int n = probes.size();
        int[] batch = new int[n];
        long[] checksum = new long[n];
        for (int i = 0; i < n; i++) batch[i] = calibrate(probes.get(i), checksum, i);

        long end = System.nanoTime() + warmup.toNanos();
        do {
            for (int i = 0; i < n; i++) checksum[i] += timedBatch(probes.get(i), batch[i], null);
        } while (System.nanoTime() < end);

        double[] best = new double[n];
        long[] packets = new long[n];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        long share = Math.max(1, measure.toNanos() / rounds / n);
        long[] took = new long[1];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                long timed = 0, count = 0;
                long stop = System.nanoTime() + share;
                do {
                    checksum[i] += timedBatch(probes.get(i), batch[i], took);
                    timed += took[0];
                    count += batch[i];
                } while (System.nanoTime() < stop);
                best[i] = Math.min(best[i], (double) timed / count);
                packets[i] += count;
            }
        }
        Measurement[] out = new Measurement[n];
        for (int i = 0; i < n; i++) {
            probes.get(i).reset();
            out[i] = new Measurement(best[i], packets[i], checksum[i]);
        }
        return List.of(out);
    }

    /** A batch size that takes about {@link #BATCH_NANOS}: doubled from 1 until a batch is long enough to estimate from. */
    private static int calibrate(DecisionProbe probe, long[] checksum, int i) {
        long[] took = new long[1];
        int batch = 1;
        while (true) {
            checksum[i] += timedBatch(probe, batch, took);
            if (took[0] >= BATCH_NANOS / 4 || batch >= MAX_BATCH) break;
            batch = Math.min(MAX_BATCH, batch * 2);
        }
        return (int) Math.max(1, Math.min(MAX_BATCH, (long) batch * BATCH_NANOS / Math.max(1, took[0])));
    }

    /** Resets the probe (untimed), runs one batch and stores its duration in {@code took[0]}. */
    private static long timedBatch(DecisionProbe probe, int batch, long[] took) {
        probe.reset();
        long t0 = System.nanoTime();
        long sum = probe.run(batch);
        long t1 = System.nanoTime();
        if (took != null) took[0] = t1 - t0;
        return sum;
    }
}
