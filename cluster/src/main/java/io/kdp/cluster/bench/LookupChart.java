package io.kdp.cluster.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The plot of a lookup comparison, independent of how it is drawn ({@link LookupSvg},
 * {@link LookupPng}): cost per packet against the number of Services, both axes logarithmic, one
 * solid line per mode for new connections and one dashed line per mode for established ones, all
 * for the Service last in the tables and one endpoint count (10 when measured, else the largest).
 * Axes span whole decades around the data; layout is in pixels of a {@value #WIDTH} by
 * {@value #HEIGHT} canvas.
 *
 * @param title  the title line
 * @param series the lines, in legend order
 * @param xMinExp the left edge is 10^xMinExp Services
 * @param xMaxExp the right edge is 10^xMaxExp Services
 * @param yMinExp the bottom edge is 10^yMinExp ns
 * @param yMaxExp the top edge is 10^yMaxExp ns
 */
public record LookupChart(String title, List<Series> series, int xMinExp, int xMaxExp, int yMinExp, int yMaxExp) {
    public static final int WIDTH = 860, HEIGHT = 540;
    /** The plot area. */
    public static final int LEFT = 90, RIGHT = 640, TOP = 50, BOTTOM = 470;
    public static final String X_LABEL = "Services";
    public static final String Y_LABEL = "time per packet (service decision)";

    /**
     * One line.
     *
     * @param label   the legend text
     * @param color   its colour, {@code #rrggbb}
     * @param dashed  dashed (established connections) or solid (new ones)
     * @param points  (Services, ns) pairs, by Services
     */
    public record Series(String label, String color, boolean dashed, List<double[]> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    public LookupChart {
        series = List.copyOf(series);
    }

    /** The chart of {@code results} (which must not be empty). */
    public static LookupChart of(List<LookupResult> results) {
        if (results.isEmpty()) throw new IllegalArgumentException("no results to plot");
        int endpoints = results.stream().anyMatch(r -> r.endpoints() == 10) ? 10
                : results.stream().mapToInt(LookupResult::endpoints).max().orElseThrow();
        List<Series> series = new ArrayList<>();
        double minX = Double.MAX_VALUE, maxX = 0, minY = Double.MAX_VALUE, maxY = 0;
        for (ConnectionKind kind : ConnectionKind.values()) {
            for (ProxyMode mode : ProxyMode.values()) {
                TreeMap<Integer, Double> byServices = new TreeMap<>();
                for (LookupResult r : results) {
                    if (r.mode() == mode && r.connection() == kind && r.position() == Position.LAST && r.endpoints() == endpoints) {
                        byServices.put(r.services(), r.nsPerPacket());
                    }
                }
                if (byServices.isEmpty()) continue;
                List<double[]> points = new ArrayList<>();
                for (var e : byServices.entrySet()) {
                    double x = e.getKey(), y = Math.max(e.getValue(), 1e-3);
                    points.add(new double[] {x, y});
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
                series.add(new Series(mode.modeName() + ", " + kind.label(), color(mode), kind == ConnectionKind.ESTABLISHED, points));
            }
        }
        if (series.isEmpty()) throw new IllegalArgumentException("no results for the last Service to plot");
        int x0 = floorExp(minX), x1 = Math.max(x0 + 1, ceilExp(maxX));
        int y0 = floorExp(minY), y1 = Math.max(y0 + 1, ceilExp(maxY));
        String title = "Per-packet service decision, last Service in the tables, " + endpoints + " endpoints per Service";
        return new LookupChart(title, series, x0, x1, y0, y1);
    }

    /** The mode's colour. */
    static String color(ProxyMode mode) {
        return switch (mode) {
            case IPTABLES -> "#d62728";
            case IPVS -> "#1f77b4";
            case NFTABLES -> "#2ca02c";
            case EBPF -> "#9467bd";
        };
    }

    private static int floorExp(double v) {
        return (int) Math.floor(Math.log10(v) + 1e-9);
    }

    private static int ceilExp(double v) {
        return (int) Math.ceil(Math.log10(v) - 1e-9);
    }

    /** The pixel column of {@code services}. */
    public double x(double services) {
        return LEFT + (Math.log10(services) - xMinExp) / (xMaxExp - xMinExp) * (RIGHT - LEFT);
    }

    /** The pixel row of {@code ns}. */
    public double y(double ns) {
        return BOTTOM - (Math.log10(ns) - yMinExp) / (yMaxExp - yMinExp) * (BOTTOM - TOP);
    }

    /** The label of the Services decade 10^exp: {@code 100}, {@code 1k}, {@code 10k}, {@code 1M}. */
    public static String servicesLabel(int exp) {
        if (exp >= 6) return pow10(exp - 6) + "M";
        if (exp >= 3) return pow10(exp - 3) + "k";
        return exp >= 0 ? pow10(exp) : String.format(Locale.ROOT, "%s", Math.pow(10, exp));
    }

    /** The label of the time decade 10^exp ns: {@code 100 ns}, {@code 1 µs}, {@code 10 ms}, {@code 1 s}. */
    public static String nsLabel(int exp) {
        if (exp >= 9) return pow10(exp - 9) + " s";
        if (exp >= 6) return pow10(exp - 6) + " ms";
        if (exp >= 3) return pow10(exp - 3) + " µs";
        return exp >= 0 ? pow10(exp) + " ns" : String.format(Locale.ROOT, "%s ns", Math.pow(10, exp));
    }

    private static String pow10(int exp) {
        return "1" + "0".repeat(exp);
    }
}
