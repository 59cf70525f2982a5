package io.kdp.packet.pcap;

/** Classic pcap timestamp resolutions, told apart by the file's magic number. */
public enum TimestampResolution {
    /** Magic 0xa1b2c3d4, what tcpdump writes by default. */
    MICROSECONDS(0xa1b2c3d4, 1_000),
    /** Magic 0xa1b23c4d ({@code tcpdump --time-stamp-precision=nano}). */
    NANOSECONDS(0xa1b23c4d, 1);

    private final int magic;
    private final int nanosPerUnit;

    TimestampResolution(int magic, int nanosPerUnit) {
        this.magic = magic;
        this.nanosPerUnit = nanosPerUnit;
    }

    public int magic() {
        return magic;
    }

    /** Nanoseconds per unit of the sub-second timestamp field. */
    public int nanosPerUnit() {
        return nanosPerUnit;
    }
}
