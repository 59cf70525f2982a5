package io.kdp.cluster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The result writers: results.csv, results.md, and the plot as SVG and PNG. */
class BenchWritersTest {
    /** Two Service counts, every mode, last Service only (what the plot shows), plus one first-position row. */
    static List<LookupResult> sample() {
        List<LookupResult> rs = new ArrayList<>();
        double[][] ns = {{4851.66, 73813.7, 137.0, 143.25}, {379.2, 423.5, 152.9, 162.5}, {405.3, 398.6, 147.3, 159.8}, {266.3, 315.2, 260.6, 255.7}};
        for (ProxyMode m : ProxyMode.values()) {
            double[] v = ns[m.ordinal()];
            rs.add(new LookupResult(m, 1000, 2, Position.LAST, ConnectionKind.NEW, v[0]));
            rs.add(new LookupResult(m, 10000, 2, Position.LAST, ConnectionKind.NEW, v[1]));
            rs.add(new LookupResult(m, 1000, 2, Position.LAST, ConnectionKind.ESTABLISHED, v[2]));
            rs.add(new LookupResult(m, 10000, 2, Position.LAST, ConnectionKind.ESTABLISHED, v[3]));
        }
        rs.add(new LookupResult(ProxyMode.IPTABLES, 1000, 2, Position.FIRST, ConnectionKind.NEW, 265.04));
        return rs;
    }

    @Test
    void csvHasTheExactHeaderAndOneLinePerResult() {
        List<LookupResult> rs = List.of(
                new LookupResult(ProxyMode.IPTABLES, 10000, 10, Position.LAST, ConnectionKind.NEW, 73813.6745),
                new LookupResult(ProxyMode.EBPF, 100, 2, Position.FIRST, ConnectionKind.ESTABLISHED, 246.25));
        assertThat(ResultsCsv.render(rs)).isEqualTo("""
                mode,services,endpoints,position,connection,ns_per_packet
                iptables,10000,10,last,new,73813.7
                ebpf,100,2,first,established,246.3
                """);
        assertThat(ResultsCsv.render(List.of())).isEqualTo("mode,services,endpoints,position,connection,ns_per_packet\n");
    }

    @Test
    void markdownIsTheSameRowsAsATable() {
        List<LookupResult> rs = List.of(
                new LookupResult(ProxyMode.IPVS, 1000, 2, Position.FIRST, ConnectionKind.NEW, 365.29),
                new LookupResult(ProxyMode.NFTABLES, 30000, 10, Position.LAST, ConnectionKind.ESTABLISHED, 98.0));
        assertThat(ResultsMarkdown.render(rs)).isEqualTo("""
                # kdp bench: per-packet service decision

                | mode | services | endpoints | position | connection | ns_per_packet |
                |------|---------:|----------:|----------|------------|--------------:|
                | ipvs | 1000 | 2 | first | new | 365.3 |
                | nftables | 30000 | 10 | last | established | 98.0 |
                """);
    }

    @Test
    void chartHasOneSolidAndOneDashedLinePerModeOverWholeDecades() {
        LookupChart c = LookupChart.of(sample());
        assertThat(c.series()).extracting(LookupChart.Series::label).containsExactly(
                "iptables, new", "ipvs, new", "nftables, new", "ebpf, new",
                "iptables, established", "ipvs, established", "nftables, established", "ebpf, established");
        assertThat(c.series()).extracting(LookupChart.Series::dashed).containsExactly(false, false, false, false, true, true, true, true);
        // the first-position row is not plotted: every line has the two last-position points
        assertThat(c.series().get(0).points()).extracting(p -> p[0]).containsExactly(1000.0, 10000.0);
        assertThat(c.series().get(0).points()).extracting(p -> p[1]).containsExactly(4851.66, 73813.7);
        assertThat(List.of(c.xMinExp(), c.xMaxExp(), c.yMinExp(), c.yMaxExp())).containsExactly(3, 4, 2, 5);
        assertThat(c.x(1000)).isEqualTo(LookupChart.LEFT);
        assertThat(c.x(10000)).isEqualTo(LookupChart.RIGHT);
        assertThat(c.y(100)).isEqualTo(LookupChart.BOTTOM);
        assertThat(c.y(100_000)).isEqualTo(LookupChart.TOP);
        assertThat(c.title()).isEqualTo("Per-packet service decision, last Service in the tables, 2 endpoints per Service");
    }

    @Test
    void chartPrefersTenEndpointsAndLabelsDecades() {
        List<LookupResult> rs = new ArrayList<>(sample());
        rs.add(new LookupResult(ProxyMode.IPVS, 1000, 10, Position.LAST, ConnectionKind.NEW, 500));
        LookupChart c = LookupChart.of(rs);
        assertThat(c.series()).extracting(LookupChart.Series::label).containsExactly("ipvs, new");
        assertThat(LookupChart.servicesLabel(2)).isEqualTo("100");
        assertThat(LookupChart.servicesLabel(4)).isEqualTo("10k");
        assertThat(LookupChart.servicesLabel(6)).isEqualTo("1M");
        assertThat(LookupChart.nsLabel(2)).isEqualTo("100 ns");
        assertThat(LookupChart.nsLabel(3)).isEqualTo("1 µs");
        assertThat(LookupChart.nsLabel(7)).isEqualTo("10 ms");
        assertThatThrownBy(() -> LookupChart.of(List.of())).isInstanceOf(IllegalArgumentException.class).hasMessage("no results to plot");
    }

    @Test
    void svgMatchesTheGoldenFile() throws IOException {
        String svg = LookupSvg.render(LookupChart.of(sample()));
        Path golden = Path.of("src/test/resources/bench/lookup.svg");
        if (Boolean.getBoolean("kdp.updateGolden")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, svg, StandardCharsets.UTF_8);
        }
        assertThat(svg).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        assertThat(svg).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"860\" height=\"540\"");
        assertThat(svg).contains("<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"90.0,234.0 640.0,68.5\"/>");
        assertThat(svg).contains(">Services (log scale)</text>", ">time per packet (service decision) (log scale)</text>", ">1 µs</text>", ">10k</text>");
    }

    @Test
    void pngIsTheChartAtItsSizeWithTheModesColours() throws IOException {
        byte[] png = LookupPng.render(LookupChart.of(sample()));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img.getWidth()).isEqualTo(LookupChart.WIDTH);
        assertThat(img.getHeight()).isEqualTo(LookupChart.HEIGHT);
        assertThat(img.getRGB(5, 5) & 0xffffff).isEqualTo(0xffffff);
        // the iptables line's midpoint, between its two points, is iptables red
        int x = (int) Math.round((LookupChart.LEFT + LookupChart.RIGHT) / 2.0), y = (int) Math.round((234.0 + 68.5) / 2);
        assertThat(near(img, x, y, 0xd62728)).isTrue();
    }

    @Test
    void reportWritesTheFourFiles(@TempDir Path dir) throws IOException {
        List<Path> files = BenchReport.write(dir.resolve("out"), sample());
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("results.csv", "results.md", "lookup.svg", "lookup.png");
        assertThat(Files.readString(files.get(0))).isEqualTo(ResultsCsv.render(sample()));
        assertThat(Files.readString(files.get(1))).isEqualTo(ResultsMarkdown.render(sample()));
        assertThat(Files.readString(files.get(2))).isEqualTo(LookupSvg.render(LookupChart.of(sample())));
        assertThat(ImageIO.read(files.get(3).toFile()).getWidth()).isEqualTo(LookupChart.WIDTH);
    }

    private static boolean near(BufferedImage img, int x, int y, int rgb) {
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                int p = img.getRGB(x + dx, y + dy) & 0xffffff;
                if (Math.abs((p >> 16) - (rgb >> 16)) < 24 && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) < 24 && Math.abs((p & 0xff) - (rgb & 0xff)) < 24) return true;
            }
        }
        return false;
    }
}
