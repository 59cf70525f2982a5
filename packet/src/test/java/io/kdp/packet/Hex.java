package io.kdp.packet;

import java.util.HexFormat;

/** Hex helpers for exact-bytes tests. */
public final class Hex {
    private Hex() {}

    /** Bytes from hex text; whitespace is ignored. */
    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    public static String of(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
