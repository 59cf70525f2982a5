package io.kdp.cli;

import io.kdp.cluster.offline.TracePacket;
import io.kdp.cluster.offline.TraceReport;
import io.kdp.cluster.offline.TraceReportJson;
import io.kdp.cluster.offline.TraceReportText;
import io.kdp.cluster.offline.TraceRequest;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The packet, node and output options the offline traces share ({@code kdp iptables trace}, {@code kdp nft trace}):
 * {@code --src --dst --dport --sport --proto --node-ip --seed -o}. Each command keeps its own dump option and the
 * {@code --sysctl} and {@code --all-paths} options, whose help differs, and passes them to {@link #request}.
 */
final class OfflinePacketOptions {
    /** The lines of the trace commands' descriptions that say where the packet goes and what is reported. */
    static final String PATH_HELP = "A packet from a local address (--node-ip or 127.0.0.0/8) starts at OUTPUT, any other arrives at PREROUTING;";
    static final String REPORT_HELP = "the node forwards (ip_forward=1, a default route out of eth0). Reports the verdict, DNAT, masquerade, mark";

    @Option(names = "--src", required = true, paramLabel = "IP", description = "Source address.")
    String src;

    @Option(names = "--dst", required = true, paramLabel = "IP", description = "Destination address.")
    String dst;

    @Option(names = "--dport", paramLabel = "N", description = "Destination port (required for tcp and udp).")
    String dport;

    @Option(names = "--sport", paramLabel = "N", description = "Source port, or the ICMP echo identifier (default: ${DEFAULT-VALUE}).", defaultValue = "40000")
    String sport;

    @Option(names = "--proto", paramLabel = "tcp|udp|sctp|icmp", description = "Protocol (default: ${DEFAULT-VALUE}).", defaultValue = "tcp")
    String proto;

    @Option(names = "--node-ip", arity = "1..*", paramLabel = "IP", description = "The node's own addresses (127.0.0.0/8 is always local).")
    List<String> nodeIps = new ArrayList<>();

    @Option(names = "--seed", description = "Seed for random draws without --all-paths (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).", defaultValue = "text")
    String output;

    /**
     * Checks the options and builds the request, reading the dump from {@code file} ({@code -}: standard input).
     *
     * @param dumpOption the dump's option, for errors ({@code --rules})
     * @throws IllegalArgumentException naming the option for a bad value
     * @throws IOException naming the option and file when the dump cannot be read
     */
    TraceRequest request(String dumpOption, String file, List<String> sysctls, boolean allPaths) throws IOException {
        if (!output.equals("text") && !output.equals("json")) throw new IllegalArgumentException("-o " + output + ": expected text or json");
        int protocol = IpProtocol.parse(proto);
        if (protocol < 0 || protocol == IpProtocol.IPIP) throw new IllegalArgumentException("--proto " + proto + ": expected tcp, udp, sctp or icmp");
        boolean ports = protocol != IpProtocol.ICMP;
        if (ports && dport == null) throw new IllegalArgumentException("--dport is required for " + IpProtocol.name(protocol));
        TracePacket packet = new TracePacket(address("--src", src), address("--dst", dst), protocol,
                port("--sport", sport), ports ? port("--dport", dport) : 0);
        List<Integer> ips = new ArrayList<>();
        for (String ip : nodeIps) ips.add(address("--node-ip", ip));
        Map<String, String> sys = new LinkedHashMap<>();
        for (String kv : sysctls) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--sysctl " + kv + ": expected KEY=VALUE");
            sys.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        String source = file.equals("-") ? "<stdin>" : file;
        return new TraceRequest(source, read(dumpOption, file), packet, ips, sys, allPaths, seed);
    }

    /** Prints the report in the format {@code -o} asked for. */
    void print(TraceReport report) {
        System.out.print(output.equals("json") ? TraceReportJson.render(report) : TraceReportText.render(report));
    }

    /** The text of {@code file} ({@code -}: standard input); errors name {@code option} and the file. */
    static String read(String option, String file) throws IOException {
        if (file.equals("-")) return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(option + " " + file + ": no such file");
        } catch (IOException e) {
            throw new IOException(option + " " + file + ": " + e.getMessage());
        }
    }

    private static int address(String option, String text) {
        try {
            return Ip4.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + text + ": not an IPv4 address");
        }
    }

    private static int port(String option, String text) {
        try {
            int p = Integer.parseInt(text.trim());
            if (p >= 0 && p <= 0xffff) return p;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " " + text + ": expected a port in 0..65535");
    }
}
