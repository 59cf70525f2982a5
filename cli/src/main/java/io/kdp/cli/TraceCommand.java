package io.kdp.cli;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.ClusterBuilder;
import io.kdp.cluster.render.TraceJson;
import io.kdp.cluster.render.TraceText;
import io.kdp.cluster.scenario.Scenario;
import io.kdp.cluster.scenario.ScenarioLoader;
import io.kdp.cluster.trace.ConnectionTrace;
import io.kdp.cluster.trace.ConnectionTracer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kdp trace}: a connection through the cluster, request and reply, step by step. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Trace a connection through an emulated cluster, every packet, request and reply, step by step.",
                "With no options, traces the default scenario's showcase: a client pod to a ClusterIP Service."})
public final class TraceCommand implements Callable<Integer> {
    @Option(names = "--scenario", paramLabel = "FILE|NAME", description = "Scenario file or bundled scenario name (default: ${DEFAULT-VALUE}).", defaultValue = ScenarioLoader.DEFAULT)
    String scenario;

    @Option(names = "--from", paramLabel = "POD|NODE|external", description = "Client: a pod ([NS/]NAME), a node, or the external client. Default: the scenario's showcase.")
    String from;

    @Option(names = "--to", paramLabel = "TARGET", description = "svc/NS/NAME:PORT, IP:PORT, NODE:NODEPORT or POD[:PORT]. Default: the scenario's showcase.")
    String to;

    @Option(names = "--proto", paramLabel = "tcp|udp|icmp", description = "Protocol (default: the showcase's, else tcp).")
    String proto;

    @Option(names = "--seed", description = "Seed for every random choice (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).", defaultValue = "text")
    String output;

    @Option(names = "--proxy-mode", paramLabel = "MODE", description = "kube-proxy mode on every node, overriding the scenario's: iptables, ipvs, nftables or ebpf.")
    String proxyMode;

    @picocli.CommandLine.Mixin
    CaptureOptions capture = new CaptureOptions();

    @Override
    public Integer call() throws Exception {
        if (!output.equals("text") && !output.equals("json")) throw new IllegalArgumentException("-o " + output + ": expected text or json");
        Scenario s = ScenarioLoader.resolve(scenario);
        var show = s.spec().showcase();
        String f = from != null ? from : show != null ? show.from() : null;
        String t = to != null ? to : show != null ? show.to() : null;
        String p = proto != null ? proto : show != null && from == null && to == null ? show.proto() : "tcp";
        if (f == null || t == null) throw new IllegalArgumentException("scenario " + s.source() + " names no showcase trace: give --from and --to");
        capture.validate();
        Cluster cluster;
        try {
            cluster = ClusterBuilder.build(s, seed, proxyMode);
        } catch (IllegalArgumentException e) {
            if (proxyMode == null || !e.getMessage().startsWith("unsupported proxy mode")) throw e;
            throw new IllegalArgumentException("--proxy-mode " + proxyMode + ": " + e.getMessage(), e);
        }
        var session = capture.wanted() ? io.kdp.cluster.capture.CaptureSession.start(cluster) : null;
        ConnectionTrace trace = new ConnectionTracer(cluster).trace(f, t, p, seed);
        if (session != null) capture.write(session.finish(trace), "kdp " + Version.VERSION, System.err);
        System.out.print(output.equals("json") ? TraceJson.render(trace) : TraceText.render(trace));
        if (output.equals("text") && !cluster.notes().isEmpty()) {
            System.out.println();
            System.out.println("notes:");
            cluster.notes().forEach(n -> System.out.println("  " + n));
        }
        return trace.complete() ? 0 : 3;
    }
}
