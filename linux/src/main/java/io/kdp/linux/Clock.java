package io.kdp.linux;

/**
 * Virtual time shared by the hosts of one emulated cluster. Nothing reads the wall clock, so traces,
 * conntrack timeouts and capture timestamps are reproducible.
 */
public final class Clock {
    private long nanos;

    public Clock(long startNanos) {
        this.nanos = startNanos;
    }

    public long nanos() {
        return nanos;
    }

    /** Seconds, as conntrack timeouts and {@code recent} count them. */
    public long seconds() {
        return nanos / 1_000_000_000L;
    }

    public void advance(long deltaNanos) {
        if (deltaNanos < 0) throw new IllegalArgumentException("time runs forward");
        nanos += deltaNanos;
    }
}
