package io.kdp.cli;

import io.kdp.cluster.offline.NftTrace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kdp nft}: work with real {@code nft list ruleset} dumps offline. */
@Command(name = "nft", mixinStandardHelpOptions = true,
        description = "Work offline with a real node's nftables ruleset (nft list ruleset).",
        subcommands = {NftCommand.Trace.class})
public final class NftCommand extends CommandGroup {
    /** {@code kdp nft trace}: one packet through a node loaded with the ruleset, on the emulated kernel's own path. */
    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = {"Trace the first packet of a new connection through a node loaded with an nft ruleset (nft list ruleset or nft -f input).",
                    OfflinePacketOptions.PATH_HELP, OfflinePacketOptions.REPORT_HELP,
                    "and every rule that matched; with --all-paths every value of every numgen random mod N (1/N each)."})
    static final class Trace implements Callable<Integer> {
        @Option(names = "--ruleset", required = true, paramLabel = "FILE|-", description = "The ruleset ('-' reads standard input).")
        String ruleset;

        @Mixin
        OfflinePacketOptions packet;

        @Option(names = "--sysctl", arity = "1..*", paramLabel = "KEY=VALUE", description = "Node sysctls, e.g. net.ipv4.conf.all.rp_filter=1 (Linux defaults otherwise).")
        List<String> sysctls = new ArrayList<>();

        @Option(names = "--all-paths", description = "Follow every value of numgen random mod N expressions and report each outcome with its probability.")
        boolean allPaths;

        @Override
        public Integer call() throws IOException {
            packet.print(NftTrace.trace(packet.request("--ruleset", ruleset, sysctls, allPaths)));
            return 0;
        }
    }
}
