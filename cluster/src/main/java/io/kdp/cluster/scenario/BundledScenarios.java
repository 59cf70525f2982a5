package io.kdp.cluster.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The scenarios shipped in {@code scenarios/} (bundled into the jar), with their descriptions. */
public final class BundledScenarios {
    /** The index file the build writes beside the scenarios; one file name a line. */
    static final String INDEX = "/scenarios/index.txt";

    private BundledScenarios() {}

    /** Names of the bundled scenarios, in index order. */
    public static List<String> names() throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = BundledScenarios.class.getResourceAsStream(INDEX)) {
            if (in == null) return out;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    line = line.trim();
                    if (!line.isEmpty() && !line.startsWith("#")) out.add(line.replaceAll("\\.yaml$", ""));
                }
            }
        }
        return out;
    }

    /** A table of name, CNI, proxy mode and description. */
    public static String table() throws IOException, ScenarioException {
        StringBuilder sb = new StringBuilder(String.format("%-28s %-16s %-10s %s%n", "NAME", "CNI", "PROXY", "SHOWS"));
        for (String n : names()) {
            Scenario s = ScenarioLoader.resolve(n);
            sb.append(String.format("%-28s %-16s %-10s %s%n", n, s.spec().cni(), s.spec().proxyMode(), s.spec().description()));
        }
        return sb.toString();
    }
}
