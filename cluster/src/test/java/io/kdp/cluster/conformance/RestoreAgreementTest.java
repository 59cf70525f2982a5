package io.kdp.cluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.iptables.IptablesParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kdp's iptables-restore accepts exactly what the real one accepts, for rules near the edges of
 * the syntax (found while writing the conformance corpus: kdp took {@code --dports 1:1}, which
 * libxt_multiport refuses).
 */
class RestoreAgreementTest {
    /** {@code rule | true when valid}. */
    static final List<String> CASES = List.of(
            "*filter|-A INPUT -p tcp -m multiport --dports 1:1 -j DROP|false",
            "*filter|-A INPUT -p tcp -m multiport --dports 2:1 -j DROP|false",
            "*filter|-A INPUT -p tcp -m multiport --dports 1:2,80 -j DROP|true",
            "*filter|-A INPUT -p tcp -m tcp --dport 80:80 -j DROP|true",
            "*filter|-A INPUT -p tcp -m tcp --dport 81:80 -j DROP|false",
            "*nat|-A PREROUTING -d 10.96.0.1/32 -j DNAT --to-destination 10.0.0.1:80|false",
            "*nat|-A PREROUTING -d 10.96.0.1/32 -p tcp -j DNAT --to-destination 10.0.0.1:80|true",
            "*nat|-A PREROUTING -d 10.96.0.1/32 -j DNAT --to-destination 10.0.0.1|true",
            "*nat|-A POSTROUTING -j MASQUERADE --to-ports 1024-2048|false",
            "*nat|-A POSTROUTING -p udp -j MASQUERADE --to-ports 1024-2048|true",
            "*filter|-A INPUT -m statistic --mode random --probability 1.00000000000 -j DROP|true",
            "*filter|-A INPUT -m statistic --mode random --probability 1.5 -j DROP|false",
            "*filter|-A FORWARD -j REJECT --reject-with tcp-reset|false",
            "*filter|-A FORWARD -p tcp -j REJECT --reject-with tcp-reset|true",
            "*filter|-A INPUT -m mark --mark 0x1/0x1 -m addrtype --dst-type LOCAL -j ACCEPT|true",
            "*filter|-A INPUT -m addrtype --dst-type NOSUCHTYPE -j ACCEPT|false",
            "*filter|-A INPUT -g INPUT|false",
            "*filter|-A INPUT -j NOSUCHCHAIN|false");

    @Test
    void kdpAndTheRealIptablesRestoreAcceptTheSameRules() {
        KernelTools tools = KernelTools.require();
        String name = Namespaces.newPrefix() + "-p";
        Namespaces.create(name);
        try {
            for (String c : CASES) {
                String[] p = c.split("\\|");
                String dump = p[0] + "\n" + p[1] + "\nCOMMIT\n";
                boolean real = Command.run(List.of("ip", "netns", "exec", name, tools.restore()), dump, 30).ok();
                boolean kdp = loadsInKdp(dump);
                assertThat(real).as("the real " + tools.restore() + " on " + p[1]).isEqualTo(Boolean.parseBoolean(p[2]));
                assertThat(kdp).as("kdp on " + p[1]).isEqualTo(real);
            }
        } finally {
            Namespaces.delete(List.of(name));
        }
    }

    static boolean loadsInKdp(String dump) {
        try {
            new NetNamespace("n", new Backlog(new Clock(0)), 1).iptables().restore("case", dump, false, false);
            return true;
        } catch (IptablesParseException e) {
            return false;
        }
    }
}
