package io.kdp.cli;

import io.kdp.cluster.ClusterBuilder;
import io.kdp.cluster.render.HostRender;
import io.kdp.cluster.scenario.ScenarioLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kdp render}: one emulated node in the real tools' formats. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Print an emulated host as the real tools would: iptables (iptables-save), routes (ip route show table all), addr (ip addr), "
                + "neigh (ip neigh), conntrack (conntrack -L), rules (ip rule), link (ip -d link), fdb (bridge fdb), nft (nft list ruleset), "
                + "ipvsadm (ipvsadm -Ln), ipset (ipset save), bpf (cilium bpf lb list)."})
public final class RenderCommand implements Callable<Integer> {
    @Option(names = "--scenario", paramLabel = "FILE|NAME", defaultValue = ScenarioLoader.DEFAULT, description = "Scenario (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--node", paramLabel = "HOST", required = true, description = "A node, a pod (NS/NAME), external or underlay.")
    String node;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--proxy-mode", paramLabel = "MODE", description = "kube-proxy mode on every node, overriding the scenario's: iptables, ipvs, nftables or ebpf.")
    String proxyMode;

    @Parameters(paramLabel = "WHAT", description = "One of: ${COMPLETION-CANDIDATES}", completionCandidates = Views.class)
    String what;

    @Override
    public Integer call() throws Exception {
        var cluster = ClusterBuilder.build(ScenarioLoader.resolve(scenario), seed, proxyMode);
        System.out.print(HostRender.render(cluster, node, what));
        return 0;
    }

    /** The views HostRender knows, for help and completion. */
    static final class Views implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return HostRender.VIEWS.iterator();
        }
    }
}
