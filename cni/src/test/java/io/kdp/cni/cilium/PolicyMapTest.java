package io.kdp.cni.cilium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.bpf.BpftoolMapDump;
import io.kdp.packet.IpProtocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyMapTest {
    @Test
    void endPortRangesSplitIntoAlignedBlocks() {
        List<PolicyKey> out = new ArrayList<>();
        PolicyCompiler.blocks(8080, 8090, IpProtocol.TCP, false, out);
        assertThat(out).extracting(PolicyKey::portProto).containsExactly("8080-8087/TCP", "8088-8089/TCP", "8090/TCP");
        out.clear();
        PolicyCompiler.blocks(0, 65535, IpProtocol.UDP, true, out);
        assertThat(out).extracting(PolicyKey::portProto).containsExactly("UDP");
    }

    @Test
    void lookupPrefersTheIdentityThenTheWildcardThenAnyPort() {
        PolicyMap m = new PolicyMap(42);
        assertThat(m.map().name()).isEqualTo("cilium_policy_00042");
        assertThat(m.lookup(300, false, IpProtocol.TCP, 80)).isNull(); // default deny
        m.allow(PolicyKey.any(Identities.HOST, false));
        m.allow(new PolicyKey(0, false, IpProtocol.TCP, 8080, 13)); // 8080-8087 from anyone
        m.allow(new PolicyKey(300, false, IpProtocol.TCP, 8081, 16));
        assertThat(m.lookup(300, false, IpProtocol.TCP, 8081).getKey()).isEqualTo(new PolicyKey(300, false, IpProtocol.TCP, 8081, 16));
        assertThat(m.lookup(300, false, IpProtocol.TCP, 8085).getKey().toString()).isEqualTo("identity 0 ingress 8080-8087/TCP");
        assertThat(m.lookup(300, false, IpProtocol.TCP, 8088)).isNull();
        assertThat(m.lookup(300, false, IpProtocol.UDP, 8081)).isNull();
        assertThat(m.lookup(Identities.HOST, false, IpProtocol.UDP, 53).getKey()).isEqualTo(PolicyKey.any(Identities.HOST, false));
        assertThat(m.lookup(300, true, IpProtocol.TCP, 8081)).isNull(); // other direction
    }

    @Test
    void keysEncodeAsTheLpmPolicyKey() {
        PolicyMap m = new PolicyMap(7);
        m.allow(new PolicyKey(258, false, IpProtocol.TCP, 8080, 16));
        assertThat(BpftoolMapDump.dump(m.map())).isEqualTo("""
                key:
                40 00 00 00 02 01 00 00  00 06 1f 90
                value:
                00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
                00 00 00 00 00 00 00 00
                Found 1 element
                """);
    }

    @Test
    void portsNeedAProtocol() {
        assertThatThrownBy(() -> new PolicyKey(1, false, 0, 80, 16)).hasMessage("a port needs a protocol");
    }

    @Test
    void identitiesAreReservedOrAllocatedFrom256() {
        Identities ids = new Identities();
        var a = new java.util.TreeSet<>(List.of("k8s:app=web", "k8s:io.kubernetes.pod.namespace=default"));
        assertThat(ids.allocate(a)).isEqualTo(256);
        assertThat(ids.allocate(new java.util.TreeSet<>(a))).isEqualTo(256);
        assertThat(ids.allocate(new java.util.TreeSet<>(List.of("k8s:app=db")))).isEqualTo(257);
        assertThat(ids.allocateCidr("203.0.113.0/24")).isEqualTo(16777217);
        assertThat(ids.labels(Identities.REMOTE_NODE)).containsExactly("reserved:remote-node");
        assertThat(ids.labels(16777217)).containsExactly("cidr:203.0.113.0/24", "reserved:world");
    }

    @Test
    void lxcNamesAreFifteenCharacters() {
        assertThat(CiliumPlugin.lxcName("default/client")).hasSize(15).startsWith("lxc").matches("lxc[0-9a-f]{12}");
    }

    @Test
    void ipcacheLooksUpTheLongestPrefix() {
        Ipcache c = new Ipcache();
        c.upsert(new IpcacheKey(0, 0), new RemoteEndpointInfo(Identities.WORLD, 0, 0));
        c.upsert(new IpcacheKey(io.kdp.packet.Ip4.parse("10.244.1.0"), 24), new RemoteEndpointInfo(16777217, 0, 0));
        c.upsert(IpcacheKey.host(io.kdp.packet.Ip4.parse("10.244.1.2")), new RemoteEndpointInfo(258, io.kdp.packet.Ip4.parse("192.168.49.3"), 0));
        assertThat(c.lookup(io.kdp.packet.Ip4.parse("10.244.1.2")).getValue().toString())
                .isEqualTo("identity=258 encryptkey=0 tunnelendpoint=192.168.49.3 flags=hastunnel");
        assertThat(c.lookup(io.kdp.packet.Ip4.parse("10.244.1.9")).getKey().toString()).isEqualTo("10.244.1.0/24");
        assertThat(c.lookup(io.kdp.packet.Ip4.parse("8.8.8.8")).getValue().identity()).isEqualTo(Identities.WORLD);
    }
}
