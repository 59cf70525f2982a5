package io.kdp.cli;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.ClusterBuilder;
import io.kdp.cluster.capture.ReplayJson;
import io.kdp.cluster.capture.ReplayPoint;
import io.kdp.cluster.capture.ReplayReport;
import io.kdp.cluster.capture.ReplayText;
import io.kdp.cluster.capture.Replayer;
import io.kdp.cluster.scenario.ScenarioLoader;
import io.kdp.packet.pcap.CaptureReader;
import io.kdp.packet.pcap.CapturedFrame;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kdp replay}: the packets of a real capture, injected into an emulated cluster one by one. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a capture (pcap or pcapng, e.g. from tcpdump -w) into an emulated cluster and report what happens to each packet.",
                "--at POD (or NODE) sends each packet from that host's socket; --at HOST/IFACE (e.g. node-a/eth0) receives it on that "
                        + "interface from the wire, rewriting the destination MAC to the interface's when needed (and saying so).",
                "Addresses are replayed as captured: rewrite them first if they are not the scenario's."})
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The capture file (pcap in either byte order and resolution, or pcapng; Ethernet, raw IP or Linux cooked).")
    Path file;

    @Option(names = "--scenario", paramLabel = "FILE|NAME", defaultValue = ScenarioLoader.DEFAULT, description = "Scenario (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--at", paramLabel = "POD|NODE/IFACE", required = true, description = "Where to inject: a pod ([NS/]NAME) or node, or HOST/IFACE.")
    String at;

    @Option(names = "--full", description = "Print every step of every packet, not only how it ended.")
    boolean full;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text", description = "Output format (default: ${DEFAULT-VALUE}).")
    String output;

    @Override
    public Integer call() throws Exception {
        if (!output.equals("text") && !output.equals("json")) throw new IllegalArgumentException("-o " + output + ": expected text or json");
        List<CapturedFrame> frames;
        try (CaptureReader r = CaptureReader.open(file)) {
            frames = r.readAll();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        Cluster cluster = ClusterBuilder.build(ScenarioLoader.resolve(scenario), seed);
        ReplayReport report = new Replayer(cluster).replay(file.toString(), frames, ReplayPoint.resolve(cluster, at));
        System.out.print(output.equals("json") ? ReplayJson.render(report, full) : ReplayText.render(report, full));
        return 0;
    }
}
