package io.kdp.cluster;

import io.kdp.cluster.scenario.Scenario;
import io.kdp.cluster.scenario.ScenarioException;
import io.kdp.cluster.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Test scenarios from src/test/resources/scenarios. */
public final class Scenarios {
    private Scenarios() {}

    public static String text(String resource) {
        try (InputStream in = Scenarios.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("no resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Scenario load(String name) throws ScenarioException {
        return ScenarioLoader.parse(name + ".yaml", text("/scenarios/" + name + ".yaml"));
    }

    public static Cluster build(String name, long seed) throws ScenarioException {
        return ClusterBuilder.build(load(name), seed);
    }
}
