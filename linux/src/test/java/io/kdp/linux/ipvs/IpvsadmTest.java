package io.kdp.linux.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.NetNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IpvsadmTest {
    static String resource(String name) throws IOException {
        try (InputStream in = IpvsadmTest.class.getResourceAsStream("/ipvs/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Ipvs ipvs() {
        return new Ipvs(new NetNamespace("node", new Backlog(new Clock(0)), 1));
    }

    /** Services created in an order different from the listing order. */
    static Ipvs sample() throws IpvsadmSyntaxException {
        Ipvs ipvs = ipvs();
        ipvs.command("-A -u 10.96.0.10:53 -s rr");
        ipvs.command("-a -u 10.96.0.10:53 -r 10.244.2.3:53 -m");
        ipvs.command("-a -u 10.96.0.10:53 -r 10.244.1.5 -m -w 1"); // port defaults to the service's
        ipvs.command("-A -f 7 -s sh -b sh-fallback,sh-port");
        ipvs.command("-a -f 7 -r 10.0.0.9");
        ipvs.command("-A -t 10.96.0.1:443 -s rr -p 10800");
        ipvs.command("-a -t 10.96.0.1:443 -r 192.168.0.1:6443 -m -w 1");
        ipvs.command("-A -t 192.168.49.2:30080 -p -M 255.255.255.0"); // wlc and 300 s by default
        ipvs.command("-a -t 192.168.49.2:30080 -r 10.244.1.9:80 -m -w 2");
        return ipvs;
    }

    @Test
    void listMatchesIpvsadmLn() throws Exception {
        // 192.168.49.2 sorts before 10.96.0.1: libipvs compares addresses by wrapping int subtraction.
        assertThat(sample().list()).isEqualTo(resource("list.txt"));
    }

    @Test
    void saveMatchesIpvsadmSaveAndRoundTrips() throws Exception {
        String saved = sample().save();
        assertThat(saved).isEqualTo(resource("save.txt"));
        Ipvs copy = ipvs();
        copy.restore("# ipvsadm-save -n\n\n" + saved);
        assertThat(copy.save()).isEqualTo(saved);
        assertThat(copy.list()).isEqualTo(resource("list.txt"));
    }

    @Test
    void kubeProxyStyleServiceLine() throws Exception {
        Ipvs ipvs = ipvs();
        ipvs.command("-A -t 10.0.0.1:443 -s rr -p 10800");
        ipvs.command("-a -t 10.0.0.1:443 -r 192.168.0.1:6443 -m -w 1");
        assertThat(ipvs.list().lines().skip(3).toList()).containsExactly(
                "TCP  10.0.0.1:443 rr persistent 10800",
                "  -> 192.168.0.1:6443             Masq    1      0          0         ");
    }

    @Test
    void restoreReportsLineAndWord() {
        Ipvs ipvs = ipvs();
        assertThatThrownBy(() -> ipvs.restore("-A -t 10.96.0.1:443 -s rr\n-a -t 10.96.0.1:443 -r 10.0.0.1:1 -m --bogus\n"))
                .isInstanceOf(IpvsadmSyntaxException.class)
                .hasMessage("ipvsadm-restore: line 2: unknown option '--bogus'");
        assertThatThrownBy(() -> ipvs.restore("\n-A -t 10.96.0.1:443 -s rr\n"))
                .hasMessage("ipvsadm-restore: line 2: Service already exists");
        assertThatThrownBy(() -> ipvs.restore("-A -t 10.96.0.2:80 -s fancy"))
                .hasMessage("ipvsadm-restore: line 1: Scheduler not found: 'fancy'");
        assertThatThrownBy(() -> ipvs.restore("-a -t 10.96.0.9:80 -r 1.2.3.4:80 -m"))
                .hasMessage("ipvsadm-restore: line 1: No such service");
        assertThatThrownBy(() -> ipvs.restore("-A -t 10.96.0.300:80"))
                .hasMessage("ipvsadm-restore: line 1: illegal address '10.96.0.300'");
        assertThatThrownBy(() -> ipvs.restore("-a -t 10.96.0.1:443 -m"))
                .hasMessage("ipvsadm-restore: line 1: real server not specified (-r)");
        assertThatThrownBy(() -> ipvs.command("-t 10.96.0.1:443"))
                .hasMessage("ipvsadm: no command specified");
    }

    @Test
    void editAndDeleteThroughCommands() throws Exception {
        Ipvs ipvs = sample();
        ipvs.command("-e -t 10.96.0.1:443 -r 192.168.0.1:6443 -m -w 5");
        ipvs.command("-E -t 10.96.0.1:443 -s wrr");
        ipvs.command("-d -u 10.96.0.10:53 -r 10.244.2.3:53");
        ipvs.command("-D -f 7");
        assertThat(ipvs.save()).isEqualTo("""
                -A -t 192.168.49.2:30080 -s wlc -p 300 -M 255.255.255.0
                -a -t 192.168.49.2:30080 -r 10.244.1.9:80 -m -w 2
                -A -t 10.96.0.1:443 -s wrr
                -a -t 10.96.0.1:443 -r 192.168.0.1:6443 -m -w 5
                -A -u 10.96.0.10:53 -s rr
                -a -u 10.96.0.10:53 -r 10.244.1.5:53 -m -w 1
                """);
        ipvs.command("-C");
        assertThat(ipvs.save()).isEmpty();
        assertThatThrownBy(() -> ipvs.command("-d -t 10.96.0.1:443 -r 1.1.1.1:1")).hasMessage("ipvsadm: No such service");
    }

    @Test
    void glibcMergeSortKeepsTheNonTransitiveOrder() {
        // a < b and b < c under wrapping subtraction, but c < a: the result depends on the algorithm.
        java.util.List<Integer> in = java.util.List.of(0xC0000000, 0x00000001, 0x50000000);
        java.util.List<Integer> out = IpvsadmFormat.msort(new java.util.ArrayList<>(in), (x, y) -> x - y);
        // msort: [0xC0000000] and [1, 0x50000000] merge: 0xC0000000 - 1 < 0, so it leads.
        assertThat(out).containsExactly(0xC0000000, 0x00000001, 0x50000000);
    }
}
