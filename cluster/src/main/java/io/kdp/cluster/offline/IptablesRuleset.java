package io.kdp.cluster.offline;

import io.kdp.kubeproxy.ipvs.IpvsDumps;
import io.kdp.linux.NetNamespace;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An {@code iptables-save} dump, with the ipsets and IPVS services of an IPVS-mode node when given: those are
 * restored first ({@link IpvsDumps#load}: the {@code -m set} rules need their sets), then the rules, as
 * {@code iptables-restore} without {@code --noflush}. {@code statistic --mode random} rules draw from
 * {@link StatisticDraws}.
 */
final class IptablesRuleset implements OfflineRuleset {
    private final IpvsNodeDumps ipvs;

    IptablesRuleset(IpvsNodeDumps ipvs) {
        this.ipvs = ipvs;
    }

    /**
     * @throws IpvsDumps.IpvsDumpException ({@code FILE:LINE: reason}) when a dump does not load
     */
    @Override
    public void loadState(NetNamespace node) {
        if (!ipvs.isEmpty()) IpvsDumps.load(node, ipvs.ipsetSource(), ipvs.ipset(), ipvs.ipvsSource(), ipvs.ipvs());
    }

    /**
     * @throws io.kdp.linux.iptables.IptablesParseException naming {@code rulesSource:line} when the dump does not load
     */
    @Override
    public void load(NetNamespace node, TraceRequest request) {
        node.iptables().restore(request.rulesSource(), request.rules(), false, false);
    }

    @Override
    public PathDraws randomDraws(SplittableRandom random) {
        return StatisticDraws.random(random);
    }

    @Override
    public PathDraws firstPath() {
        return StatisticDraws.scripted(List.of());
    }

    @Override
    public String branches() {
        return "statistic rules";
    }

    @Override
    public StepLines stepLines(NetNamespace node) {
        return new RuleSteps(node.iptables());
    }
}
