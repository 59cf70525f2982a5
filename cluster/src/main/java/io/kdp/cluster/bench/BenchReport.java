package io.kdp.cluster.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a comparison's files into a directory: results.csv, results.md, lookup.svg and lookup.png. */
public final class BenchReport {
    public static final String CSV = "results.csv", MARKDOWN = "results.md", SVG = "lookup.svg", PNG = "lookup.png";

    private BenchReport() {}

    /** Writes the four files into {@code dir} (created if missing); returns their paths in that order. */
    public static List<Path> write(Path dir, List<LookupResult> results) throws IOException {
        Files.createDirectories(dir);
        LookupChart chart = LookupChart.of(results);
        Path csv = dir.resolve(CSV), md = dir.resolve(MARKDOWN), svg = dir.resolve(SVG), png = dir.resolve(PNG);
        Files.writeString(csv, ResultsCsv.render(results), StandardCharsets.UTF_8);
        Files.writeString(md, ResultsMarkdown.render(results), StandardCharsets.UTF_8);
        Files.writeString(svg, LookupSvg.render(chart), StandardCharsets.UTF_8);
        Files.write(png, LookupPng.render(chart));
        return List.of(csv, md, svg, png);
    }
}
