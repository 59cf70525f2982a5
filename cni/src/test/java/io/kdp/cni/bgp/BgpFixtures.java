package io.kdp.cni.bgp;

import io.kdp.linux.route.RoutePrinter;
import io.kdp.packet.Cidr;
import java.util.ArrayList;
import java.util.List;

/** Nodes 192.168.49.2.. with one /26 block each (10.244.(i*64)...), as Calico would have them. */
final class BgpFixtures {
    private BgpFixtures() {}

    static List<CalicoBgpTopology.Node> nodes(int n) {
        List<CalicoBgpTopology.Node> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(CalicoBgpTopology.Node.of("node" + i, "192.168.49." + (i + 1) + "/24"));
        return out;
    }

    static Cidr block(int node) {
        int i = node - 1;
        return Cidr.parse("10.244." + (i / 4) + "." + (i % 4) * 64 + "/26");
    }

    /** Each node's BIRD holds {@code route <its block> blackhole;}. */
    static BgpNetwork withBlocks(BgpNetwork net) {
        int i = 1;
        for (BgpSpeaker s : net.speakers()) {
            if (s.name().startsWith("node")) s.addLocalRoute(LocalRoute.staticBlackhole(block(i++)));
        }
        return net;
    }

    static String ipRoute(BgpSpeaker s) {
        return RoutePrinter.show(s.kernelTable(KernelRouteMapper.viaUplink(0)));
    }
}
