package io.kdp.cluster.bench;

import java.util.Locale;

/** Draws a {@link LookupChart} as an SVG document (plain text, no external tools). */
public final class LookupSvg {
    private LookupSvg() {}

    /** The SVG document. */
    public static String render(LookupChart c) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(LookupChart.WIDTH).append("\" height=\"").append(LookupChart.HEIGHT)
                .append("\" viewBox=\"0 0 ").append(LookupChart.WIDTH).append(' ').append(LookupChart.HEIGHT)
                .append("\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        text(sb, LookupChart.WIDTH / 2.0, 28, "middle", 15, c.title());
        // grid and tick labels: every decade, with light minor lines at 2..9 times it
        for (int e = c.xMinExp(); e <= c.xMaxExp(); e++) {
            double x = c.x(Math.pow(10, e));
            line(sb, x, LookupChart.TOP, x, LookupChart.BOTTOM, "#cccccc", 1);
            text(sb, x, LookupChart.BOTTOM + 18, "middle", 12, LookupChart.servicesLabel(e));
            if (e < c.xMaxExp()) for (int m = 2; m <= 9; m++) {
                double xm = c.x(m * Math.pow(10, e));
                line(sb, xm, LookupChart.TOP, xm, LookupChart.BOTTOM, "#eeeeee", 1);
            }
        }
        for (int e = c.yMinExp(); e <= c.yMaxExp(); e++) {
            double y = c.y(Math.pow(10, e));
            line(sb, LookupChart.LEFT, y, LookupChart.RIGHT, y, "#cccccc", 1);
            text(sb, LookupChart.LEFT - 8, y + 4, "end", 12, LookupChart.nsLabel(e));
            if (e < c.yMaxExp()) for (int m = 2; m <= 9; m++) {
                double ym = c.y(m * Math.pow(10, e));
                line(sb, LookupChart.LEFT, ym, LookupChart.RIGHT, ym, "#eeeeee", 1);
            }
        }
        sb.append("<rect x=\"").append(LookupChart.LEFT).append("\" y=\"").append(LookupChart.TOP).append("\" width=\"")
                .append(LookupChart.RIGHT - LookupChart.LEFT).append("\" height=\"").append(LookupChart.BOTTOM - LookupChart.TOP)
                .append("\" fill=\"none\" stroke=\"#333333\"/>\n");
        text(sb, (LookupChart.LEFT + LookupChart.RIGHT) / 2.0, LookupChart.BOTTOM + 42, "middle", 13, LookupChart.X_LABEL + " (log scale)");
        double yMid = (LookupChart.TOP + LookupChart.BOTTOM) / 2.0;
        sb.append("<text x=\"24\" y=\"").append(f(yMid)).append("\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 24 ")
                .append(f(yMid)).append(")\">").append(escape(LookupChart.Y_LABEL + " (log scale)")).append("</text>\n");
        for (LookupChart.Series s : c.series()) {
            sb.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"2\"");
            if (s.dashed()) sb.append(" stroke-dasharray=\"6 4\"");
            sb.append(" points=\"");
            boolean first = true;
            for (double[] p : s.points()) {
                if (!first) sb.append(' ');
                sb.append(f(c.x(p[0]))).append(',').append(f(c.y(p[1])));
                first = false;
            }
            sb.append("\"/>\n");
            for (double[] p : s.points()) {
                sb.append("<circle cx=\"").append(f(c.x(p[0]))).append("\" cy=\"").append(f(c.y(p[1]))).append("\" r=\"3\" fill=\"")
                        .append(s.dashed() ? "#ffffff" : s.color()).append("\" stroke=\"").append(s.color()).append("\"/>\n");
            }
        }
        // legend, right of the plot
        int lx = LookupChart.RIGHT + 20, ly = LookupChart.TOP + 10;
        for (LookupChart.Series s : c.series()) {
            sb.append("<line x1=\"").append(lx).append("\" y1=\"").append(ly).append("\" x2=\"").append(lx + 30).append("\" y2=\"").append(ly)
                    .append("\" stroke=\"").append(s.color()).append("\" stroke-width=\"2\"").append(s.dashed() ? " stroke-dasharray=\"6 4\"" : "").append("/>\n");
            text(sb, lx + 38, ly + 4, "start", 12, s.label());
            ly += 22;
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void line(StringBuilder sb, double x1, double y1, double x2, double y2, String color, int width) {
        sb.append("<line x1=\"").append(f(x1)).append("\" y1=\"").append(f(y1)).append("\" x2=\"").append(f(x2)).append("\" y2=\"").append(f(y2))
                .append("\" stroke=\"").append(color).append("\" stroke-width=\"").append(width).append("\"/>\n");
    }

    private static void text(StringBuilder sb, double x, double y, String anchor, int size, String text) {
        sb.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" text-anchor=\"").append(anchor).append("\" font-size=\"")
                .append(size).append("\">").append(escape(text)).append("</text>\n");
    }

    /** A coordinate with one decimal. */
    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
