package io.kdp.linux.nftables;

import io.kdp.linux.netfilter.Hook;

/**
 * nft's standard chain priority names (src/rule.c std_prios for ip, ip6 and inet): raw -300,
 * mangle -150, dstnat -100 (prerouting only), filter 0, security 50, srcnat 100 (postrouting only).
 * Listing prints a priority within 10 of a name valid for the hook as {@code name + N}, as nft 1.0.6 does.
 */
final class Priorities {
    private static final String[] NAMES = {"raw", "mangle", "dstnat", "filter", "security", "srcnat"};
    private static final int[] VALUES = {-300, -150, -100, 0, 50, 100};

    private Priorities() {}

    private static boolean valid(int i, Hook hook) {
        return switch (NAMES[i]) {
            case "dstnat" -> hook == Hook.PREROUTING;
            case "srcnat" -> hook == Hook.POSTROUTING;
            default -> true;
        };
    }

    /** The value of a priority name at a hook; null if it is not a name; -1 index means invalid here. */
    static Integer value(String name, Hook hook) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                if (!valid(i, hook)) throw new IllegalArgumentException("'" + name + "' is invalid priority in this context.");
                return VALUES[i];
            }
        }
        return null;
    }

    /** The priority as {@code nft list} prints it: {@code dstnat}, {@code mangle + 10}, {@code -110}. */
    static String format(int priority, Hook hook) {
        for (int i = 0; i < NAMES.length; i++) {
            if (!valid(i, hook)) continue;
            int off = priority - VALUES[i];
            if (off >= -10 && off <= 10) {
                return off == 0 ? NAMES[i] : NAMES[i] + (off > 0 ? " + " + off : " - " + -off);
            }
        }
        return Integer.toString(priority);
    }
}
