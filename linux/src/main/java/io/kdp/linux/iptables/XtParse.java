package io.kdp.linux.iptables;

import io.kdp.packet.Ip4;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number, address and string conversions shared by the xtables extensions (libxtables). */
final class XtParse {
    private XtParse() {}

    /** xtables_strtoui with base 0: {@code 0x..} hex, leading-zero octal, or decimal, at most 32 bits. */
    static int uint32(String text, String what) throws RuleSyntaxException {
        long v;
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) v = Long.parseLong(text.substring(2), 16);
            else if (text.length() > 1 && text.startsWith("0")) v = Long.parseLong(text.substring(1), 8);
            else v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new RuleSyntaxException("bad " + what + " value \"" + text + "\"");
        }
        if (v < 0 || v > 0xffff_ffffL) throw new RuleSyntaxException("bad " + what + " value \"" + text + "\"");
        return (int) v;
    }

    /** {@code value[/mask]}; the mask defaults to all ones. Returns {value, mask}. */
    static int[] markMask(String text, String what) throws RuleSyntaxException {
        int slash = text.indexOf('/');
        if (slash < 0) return new int[] {uint32(text, what), -1};
        return new int[] {uint32(text.substring(0, slash), what), uint32(text.substring(slash + 1), what)};
    }

    /** A decimal number in {@code [min, max]}. */
    static int number(String text, int min, int max, String what) throws RuleSyntaxException {
        try {
            long v = Long.parseLong(text);
            if (v >= min && v <= max) return (int) v;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new RuleSyntaxException("invalid " + what + " \"" + text + "\"");
    }

    /** A port number (service names are not resolved in the emulator). */
    static int port(String text) throws RuleSyntaxException {
        try {
            int v = Integer.parseInt(text);
            if (v >= 0 && v <= 65535 && !text.startsWith("+")) return v;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new RuleSyntaxException("invalid port/service \"" + text + "\" specified");
    }

    /** {@code a}, {@code a:b}, {@code :b} or {@code a:} as the tcp/udp matches accept; returns {min, max}. */
    static int[] portRange(String text) throws RuleSyntaxException {
        int colon = text.indexOf(':');
        if (colon < 0) {
            int p = port(text);
            return new int[] {p, p};
        }
        int lo = colon == 0 ? 0 : port(text.substring(0, colon));
        int hi = colon == text.length() - 1 ? 65535 : port(text.substring(colon + 1));
        if (lo > hi) throw new RuleSyntaxException("invalid portrange (min > max)");
        return new int[] {lo, hi};
    }

    /** {@code addr[/len|/mask]} as -s/-d take it; the address is masked as iptables does. Returns {addr, mask}. */
    static int[] addressMask(String text) throws RuleSyntaxException {
        int slash = text.indexOf('/');
        String a = slash < 0 ? text : text.substring(0, slash);
        int mask = -1;
        if (slash >= 0) {
            String m = text.substring(slash + 1);
            if (m.indexOf('.') >= 0) {
                if (!Ip4.isValid(m)) throw new RuleSyntaxException("host/network \"" + text + "\" not found");
                mask = Ip4.parse(m);
            } else {
                try {
                    int len = Integer.parseInt(m);
                    if (len < 0 || len > 32) throw new NumberFormatException();
                    mask = Ip4.mask(len);
                } catch (NumberFormatException e) {
                    throw new RuleSyntaxException("invalid mask \"" + m + "\" specified");
                }
            }
        }
        if (!Ip4.isValid(a)) throw new RuleSyntaxException("host/network \"" + a + "\" not found");
        return new int[] {Ip4.parse(a) & mask, mask};
    }

    /** {@code addr/len} as iptables-save prints -s/-d: always with a mask, dotted when not contiguous. */
    static String addressWithMask(int addr, int mask) {
        return Ip4.format(addr) + "/" + maskText(mask);
    }

    /** xtables_ipmask_to_numeric: empty for /32, else {@code /len} or {@code /a.b.c.d}. */
    static String maskSuffix(int mask) {
        return mask == -1 ? "" : "/" + maskText(mask);
    }

    private static String maskText(int mask) {
        int len = Integer.bitCount(mask);
        return Ip4.mask(len) == mask ? Integer.toString(len) : Ip4.format(mask);
    }

    /** {@code 0x..} lower-case hex as the mark extensions print it. */
    static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }

    /** xtables_save_string: a space, then the word bare or double-quoted with {@code " \ '} escaped. */
    static void saveString(StringBuilder sb, String value) {
        sb.append(' ');
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c == '_' || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
        if (plain) {
            sb.append(value);
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == '\'') sb.append('\\');
            sb.append(c);
        }
        sb.append('"');
    }

    /** printf("%.11f") of an exact binary fraction, rounding half-even on the exact value as glibc does. */
    static String fixed11(double v) {
        return new BigDecimal(v).setScale(11, RoundingMode.HALF_EVEN).toPlainString();
    }
}
