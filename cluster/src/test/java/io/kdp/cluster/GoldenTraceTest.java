package io.kdp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cluster.render.TraceJson;
import io.kdp.cluster.render.TraceText;
import io.kdp.cluster.scenario.ScenarioLoader;
import io.kdp.cluster.trace.ConnectionTrace;
import io.kdp.cluster.trace.ConnectionTracer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The default scenario's showcase trace, text and JSON, against golden files. Regenerate with
 * {@code -Dkdp.updateGolden=true} after a deliberate change, and read the diff.
 */
class GoldenTraceTest {
    static ConnectionTrace showcase() throws Exception {
        Cluster c = ClusterBuilder.build(ScenarioLoader.resolve("default"), 1);
        var s = c.scenario().spec().showcase();
        return new ConnectionTracer(c).trace(s.from(), s.to(), s.proto(), 1);
    }

    static void golden(String name, String actual) throws Exception {
        Path p = Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("kdp.updateGolden")) {
            Files.createDirectories(p.getParent());
            Files.writeString(p, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(p));
    }

    @Test
    void defaultTraceText() throws Exception {
        String text = TraceText.render(showcase());
        assertThat(text.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(TraceText.WIDTH));
        golden("default-trace.txt", text);
    }

    @Test
    void defaultTraceJson() throws Exception {
        golden("default-trace.json", TraceJson.render(showcase()));
    }
}
