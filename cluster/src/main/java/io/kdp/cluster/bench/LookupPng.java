package io.kdp.cluster.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Draws a {@link LookupChart} as a PNG image with java.awt, headless (the same layout as {@link LookupSvg}). */
public final class LookupPng {
    private LookupPng() {}

    /** The PNG file's bytes. */
    public static byte[] render(LookupChart c) {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(LookupChart.WIDTH, LookupChart.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, LookupChart.WIDTH, LookupChart.HEIGHT);
            Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
            g.setFont(base.deriveFont(15f));
            text(g, LookupChart.WIDTH / 2.0, 28, 0.5, c.title(), Color.BLACK);
            g.setFont(base);
            for (int e = c.xMinExp(); e <= c.xMaxExp(); e++) {
                double x = c.x(Math.pow(10, e));
                line(g, x, LookupChart.TOP, x, LookupChart.BOTTOM, 0xcccccc, 1, false);
                text(g, x, LookupChart.BOTTOM + 18, 0.5, LookupChart.servicesLabel(e), Color.BLACK);
                if (e < c.xMaxExp()) for (int m = 2; m <= 9; m++) {
                    double xm = c.x(m * Math.pow(10, e));
                    line(g, xm, LookupChart.TOP, xm, LookupChart.BOTTOM, 0xeeeeee, 1, false);
                }
            }
            for (int e = c.yMinExp(); e <= c.yMaxExp(); e++) {
                double y = c.y(Math.pow(10, e));
                line(g, LookupChart.LEFT, y, LookupChart.RIGHT, y, 0xcccccc, 1, false);
                text(g, LookupChart.LEFT - 8, y + 4, 1, LookupChart.nsLabel(e), Color.BLACK);
                if (e < c.yMaxExp()) for (int m = 2; m <= 9; m++) {
                    double ym = c.y(m * Math.pow(10, e));
                    line(g, LookupChart.LEFT, ym, LookupChart.RIGHT, ym, 0xeeeeee, 1, false);
                }
            }
            g.setColor(new Color(0x333333));
            g.setStroke(new BasicStroke(1));
            g.drawRect(LookupChart.LEFT, LookupChart.TOP, LookupChart.RIGHT - LookupChart.LEFT, LookupChart.BOTTOM - LookupChart.TOP);
            g.setFont(base.deriveFont(13f));
            text(g, (LookupChart.LEFT + LookupChart.RIGHT) / 2.0, LookupChart.BOTTOM + 42, 0.5, LookupChart.X_LABEL + " (log scale)", Color.BLACK);
            AffineTransform saved = g.getTransform();
            double yMid = (LookupChart.TOP + LookupChart.BOTTOM) / 2.0;
            g.rotate(-Math.PI / 2, 24, yMid);
            text(g, 24, yMid, 0.5, LookupChart.Y_LABEL + " (log scale)", Color.BLACK);
            g.setTransform(saved);
            g.setFont(base);
            for (LookupChart.Series s : c.series()) {
                Color color = Color.decode(s.color());
                Path2D path = new Path2D.Double();
                boolean first = true;
                for (double[] p : s.points()) {
                    if (first) path.moveTo(c.x(p[0]), c.y(p[1]));
                    else path.lineTo(c.x(p[0]), c.y(p[1]));
                    first = false;
                }
                g.setColor(color);
                g.setStroke(stroke(2, s.dashed()));
                g.draw(path);
                g.setStroke(new BasicStroke(1));
                for (double[] p : s.points()) {
                    Ellipse2D dot = new Ellipse2D.Double(c.x(p[0]) - 3, c.y(p[1]) - 3, 6, 6);
                    g.setColor(s.dashed() ? Color.WHITE : color);
                    g.fill(dot);
                    g.setColor(color);
                    g.draw(dot);
                }
            }
            int lx = LookupChart.RIGHT + 20, ly = LookupChart.TOP + 10;
            for (LookupChart.Series s : c.series()) {
                line(g, lx, ly, lx + 30, ly, Integer.decode(s.color()), 2, s.dashed());
                text(g, lx + 38, ly + 4, 0, s.label(), Color.BLACK);
                ly += 22;
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static BasicStroke stroke(float width, boolean dashed) {
        return dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {6, 4}, 0) : new BasicStroke(width);
    }

    private static void line(Graphics2D g, double x1, double y1, double x2, double y2, int rgb, float width, boolean dashed) {
        g.setColor(new Color(rgb));
        g.setStroke(stroke(width, dashed));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    /** Text whose anchor is at {@code align} of its width (0 start, 0.5 middle, 1 end), baseline at y. */
    private static void text(Graphics2D g, double x, double y, double align, String s, Color color) {
        FontMetrics fm = g.getFontMetrics();
        g.setColor(color);
        g.drawString(s, (float) (x - align * fm.stringWidth(s)), (float) y);
    }
}
