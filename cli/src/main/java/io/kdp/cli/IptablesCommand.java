package io.kdp.cli;

import io.kdp.cluster.offline.IptablesTrace;
import io.kdp.cluster.offline.IpvsNodeDumps;
import io.kdp.cluster.offline.TraceRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kdp iptables}: work with real {@code iptables-save} dumps offline. */
@Command(name = "iptables", mixinStandardHelpOptions = true,
        description = "Work offline with a real node's iptables-save dump.",
        subcommands = {IptablesCommand.Trace.class})
public final class IptablesCommand extends CommandGroup {
    /** {@code kdp iptables trace}: one packet through a node loaded with the dump, on the emulated kernel's own path. */
    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = {"Trace the first packet of a new connection through a node loaded with an iptables-save dump.",
                    OfflinePacketOptions.PATH_HELP, OfflinePacketOptions.REPORT_HELP,
                    "and every rule that matched; with --all-paths every statistic branch, with its probability.",
                    "With an IPVS-mode node's --ipset and --ipvs dumps, IPVS schedules the packet too: its scheduler's choice for a",
                    "first connection is deterministic, so it adds no branch; the outcome names the scheduler and the real server."})
    static final class Trace implements Callable<Integer> {
        @Option(names = "--rules", required = true, paramLabel = "FILE|-", description = "The iptables-save dump ('-' reads standard input).")
        String rules;

        @Option(names = "--ipset", paramLabel = "FILE|-", description = "An IPVS-mode node's ipset save output, restored before the rules (-m set needs the sets).")
        String ipset;

        @Option(names = "--ipvs", paramLabel = "FILE|-", description = "An IPVS-mode node's ipvsadm-save -n output, restored before the rules; its virtual addresses are bound on kube-ipvs0.")
        String ipvs;

        @Mixin
        OfflinePacketOptions packet;

        @Option(names = "--sysctl", arity = "1..*", paramLabel = "KEY=VALUE", description = "Node sysctls, e.g. net.ipv4.conf.all.route_localnet=1 (Linux defaults otherwise).")
        List<String> sysctls = new ArrayList<>();

        @Option(names = "--all-paths", description = "Follow every branch of statistic --mode random rules and report each outcome with its probability.")
        boolean allPaths;

        @Override
        public Integer call() throws IOException {
            if (java.util.stream.Stream.of(rules, ipset, ipvs).filter("-"::equals).count() > 1) {
                throw new IllegalArgumentException("only one of --rules, --ipset and --ipvs can read standard input");
            }
            TraceRequest request = packet.request("--rules", rules, sysctls, allPaths);
            IpvsNodeDumps dumps = new IpvsNodeDumps(source(ipset), dump("--ipset", ipset), source(ipvs), dump("--ipvs", ipvs));
            packet.print(IptablesTrace.trace(request, dumps));
            return 0;
        }

        private static String source(String file) {
            return file == null ? null : file.equals("-") ? "<stdin>" : file;
        }

        private static String dump(String option, String file) throws IOException {
            return file == null ? null : OfflinePacketOptions.read(option, file);
        }
    }
}
