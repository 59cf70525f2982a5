package io.kdp.cluster.offline;

import io.kdp.linux.NetNamespace;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An {@code nft list ruleset} dump (or any {@code nft -f} input): its base chains attach to the netfilter hooks
 * and the NAT core as the kernel attaches them; {@code numgen random} draws come from {@link NumgenDraws}.
 */
final class NftRuleset implements OfflineRuleset {
    /**
     * @throws io.kdp.linux.nftables.NftException naming file, line and columns when the ruleset does not load
     */
    @Override
    public void load(NetNamespace node, TraceRequest request) {
        node.nftables().load(request.rulesSource(), request.rules());
    }

    @Override
    public PathDraws randomDraws(SplittableRandom random) {
        return NumgenDraws.random(random);
    }

    @Override
    public PathDraws firstPath() {
        return NumgenDraws.scripted(List.of());
    }

    @Override
    public String branches() {
        return "numgen expressions";
    }

    @Override
    public StepLines stepLines(NetNamespace node) {
        return new NftRuleSteps();
    }
}
