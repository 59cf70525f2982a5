package io.kdp.cluster.offline;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
class IpvsDumpPrint {
    @Test void print() {
        var d = KubeProxyIpvsNode.dumps();
        IpvsNodeDumps dumps = new IpvsNodeDumps("ipset.txt", d.ipset(), "ipvs.txt", d.ipvs());
        String[][] cases = {{"10.244.0.5", "10.96.0.50", "6", "80"}, {"192.168.0.50", "192.168.0.11", "6", "30080"}, {"10.244.0.5", "10.96.0.10", "17", "53"},
            {"10.244.0.5", "10.96.0.99", "6", "80"}, {"10.244.0.5", "10.96.0.50", "6", "81"}, {"192.168.0.11", "10.96.0.50", "6", "80"}, {"10.244.0.2", "10.96.0.10", "17", "53"}};
        for (String[] c : cases) {
            var req = new TraceRequest("rules.save", d.iptables(), new TracePacket(Ip4.parse(c[0]), Ip4.parse(c[1]), Integer.parseInt(c[2]), 40000, Integer.parseInt(c[3])),
                List.of(Ip4.parse("192.168.0.11")), Map.of(), true, 1);
            System.out.println(TraceReportText.render(IptablesTrace.trace(req, dumps)));
        }
        var req = new TraceRequest("rules.save", d.iptables(), new TracePacket(Ip4.parse("10.244.0.5"), Ip4.parse("10.96.0.50"), 6, 40000, 80),
                List.of(Ip4.parse("192.168.0.11")), Map.of("net.ipv4.vs.conntrack", "0"), true, 1);
        System.out.println(TraceReportJson.render(IptablesTrace.trace(req, dumps)));
    }
}
