package io.kdp.cluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.Scenarios;
import io.kdp.cluster.render.HostRender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kdp render --node N iptables} output loads into the real {@code iptables-restore} in a test
 * namespace, for every node of the bundled default scenario and of the test scenario {@code cases},
 * and the kernel then holds exactly the rules kdp printed: the real {@code iptables-save} prints the
 * same tables, chains (with policies) and rules, in the same order (comment lines and counters aside).
 */
class RenderLoadsIntoIptablesRestoreTest {
    @ParameterizedTest
    @ValueSource(strings = {"default", "cases"})
    void everyNodesRenderedRulesLoadIntoTheRealIptablesRestoreUnchanged(String scenario) throws Exception {
        KernelTools tools = KernelTools.require();
        Cluster cluster = Scenarios.build(scenario, 1);
        assertThat(cluster.nodes()).isNotEmpty();
        for (String node : cluster.nodes().keySet()) {
            String rendered = HostRender.render(cluster, node, "iptables");
            assertThat(rendered).as(scenario + "/" + node).contains("*nat", "-A KUBE-SERVICES");
            String name = Namespaces.newPrefix() + "-r";
            Namespaces.create(name);
            try {
                Command.Result r = Command.run(List.of("ip", "netns", "exec", name, tools.restore()), rendered, 60);
                assertThat(r.exitCode()).as(scenario + "/" + node + ": " + tools.restore() + " said: " + r.stderr()).isZero();
                String saved = Command.check(List.of("ip", "netns", "exec", name, tools.save()), null, 60);
                assertThat(normalize(saved)).as(scenario + "/" + node + ": the kernel's rules").isEqualTo(normalize(rendered));
            } finally {
                Namespaces.delete(List.of(name));
            }
        }
    }

    /** The dump without comment lines and counters, tables in name order (iptables-save orders them by the kernel's list). */
    static String normalize(String dump) {
        List<StringBuilder> tables = new ArrayList<>();
        StringBuilder current = null;
        for (String line : dump.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            if (line.startsWith("*")) {
                current = new StringBuilder();
                tables.add(current);
            }
            if (current == null) throw new IllegalArgumentException("rule outside a table: " + line);
            current.append(line.startsWith(":") ? line.replaceAll(" \\[\\d+:\\d+\\]$", "") : line).append('\n');
        }
        tables.sort((a, b) -> a.toString().compareTo(b.toString()));
        return String.join("", tables);
    }
}
