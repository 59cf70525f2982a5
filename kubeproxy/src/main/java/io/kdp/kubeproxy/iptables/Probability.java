package io.kdp.kubeproxy.iptables;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * kube-proxy's {@code computeProbability(n)}: {@code fmt.Sprintf("%0.10f", 1.0/float64(n))}. Go rounds the exact
 * binary value of the double to 10 decimals (half to even); BigDecimal of the double does the same.
 */
public final class Probability {
    private static final String[] CACHE = new String[1001];

    private Probability() {}

    /** 1/n printed with 10 decimals, e.g. 3 gives {@code 0.3333333333}. */
    public static String of(int n) {
        if (n <= 0) throw new IllegalArgumentException("probability 1/" + n);
        if (n < CACHE.length) {
            String s = CACHE[n];
            if (s == null) CACHE[n] = s = format(n);
            return s;
        }
        return format(n);
    }

    private static String format(int n) {
        return new BigDecimal(1.0 / n).setScale(10, RoundingMode.HALF_EVEN).toPlainString();
    }
}
