package io.kdp.cli;

import io.kdp.cluster.offline.NftTrace;
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
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kdp nft}: work with real {@code nft list ruleset} dumps offline. */
@Command(name = "nft", mixinStandardHelpOptions = true,
        description = "Work offline with a real node's nftables ruleset (nft list ruleset).",
        subcommands = {NftCommand.Trace.class})
public final class NftCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code kdp nft trace}: one packet through a node loaded with the ruleset, on the emulated kernel's own path. */
    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = {"Trace the first packet of a new connection through a node loaded with an nft ruleset (nft list ruleset or nft -f input).",
                    "A packet from a local address (--node-ip or 127.0.0.0/8) starts at OUTPUT, any other arrives at PREROUTING;",
                    "the node forwards (ip_forward=1, a default route out of eth0). Reports the verdict, DNAT, masquerade, mark",
                    "and every rule that matched; with --all-paths every value of every numgen random mod N (1/N each)."})
    static final class Trace implements Callable<Integer> {
        @Option(names = "--ruleset", required = true, paramLabel = "FILE|-", description = "The ruleset ('-' reads standard input).")
        String ruleset;

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

        @Option(names = "--sysctl", arity = "1..*", paramLabel = "KEY=VALUE", description = "Node sysctls, e.g. net.ipv4.conf.all.rp_filter=1 (Linux defaults otherwise).")
        List<String> sysctls = new ArrayList<>();

        @Option(names = "--all-paths", description = "Follow every value of numgen random mod N expressions and report each outcome with its probability.")
        boolean allPaths;

        @Option(names = "--seed", description = "Seed for random draws without --all-paths (default: ${DEFAULT-VALUE}).", defaultValue = "1")
        long seed;

        @Option(names = {"-o", "--output"}, paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).", defaultValue = "text")
        String output;

        @Override
        public Integer call() throws IOException {
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
            String source = ruleset.equals("-") ? "<stdin>" : ruleset;
            TraceReport report = NftTrace.trace(new TraceRequest(source, read(ruleset), packet, ips, sys, allPaths, seed));
            System.out.print(output.equals("json") ? TraceReportJson.render(report) : TraceReportText.render(report));
            return 0;
        }

        private static String read(String file) throws IOException {
            if (file.equals("-")) return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            try {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new IOException("--ruleset " + file + ": no such file");
            } catch (IOException e) {
                throw new IOException("--ruleset " + file + ": " + e.getMessage());
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
}
