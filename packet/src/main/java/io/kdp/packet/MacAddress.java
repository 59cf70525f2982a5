package io.kdp.packet;

/** A 48-bit Ethernet address held in the low bits of a long. */
public record MacAddress(long value) {
    public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);
    public static final MacAddress ZERO = new MacAddress(0);

    public MacAddress {
        if ((value & ~0xffff_ffff_ffffL) != 0) throw new IllegalArgumentException("MAC out of range");
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}. */
    public static MacAddress parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 6) throw new IllegalArgumentException("'" + text + "' is not a MAC address");
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2) throw new IllegalArgumentException("'" + text + "' is not a MAC address");
            try {
                v = (v << 8) | Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address");
            }
        }
        return new MacAddress(v);
    }

    public static MacAddress of(byte[] six) {
        long v = 0;
        for (int i = 0; i < 6; i++) v = (v << 8) | (six[i] & 0xff);
        return new MacAddress(v);
    }

    public byte[] toBytes() {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) b[i] = (byte) (value >>> (40 - 8 * i));
        return b;
    }

    public boolean isBroadcast() {
        return value == BROADCAST.value;
    }

    /** Group bit: the low bit of the first octet. */
    public boolean isMulticast() {
        return ((value >>> 40) & 1) == 1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) sb.append(':');
            int b = (int) ((value >>> (40 - 8 * i)) & 0xff);
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
