package io.kdp.cni.calico.felix;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cni.calico.CalicoNames;
import io.kdp.k8s.model.IPBlock;
import io.kdp.k8s.model.IntOrString;
import io.kdp.k8s.model.LabelSelector;
import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.NetworkPolicyIngressRule;
import io.kdp.k8s.model.NetworkPolicyPeer;
import io.kdp.k8s.model.NetworkPolicyPort;
import io.kdp.k8s.model.NetworkPolicySpec;
import io.kdp.k8s.model.ObjectMeta;
import io.kdp.k8s.model.PolicyType;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.policy.PolicyEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Felix's rule rendering and hashing, anchored on rule ids and names seen on real Calico nodes. */
class FelixRulesTest {
    static String chain(FelixChain c) {
        return c.saveLines();
    }

    static FelixChain named(List<FelixChain> chains, String name) {
        return chains.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void staticChainsCarryTheRuleIdsRealCalicoNodesShow() {
        assertThat(chain(FelixStaticChains.insert("INPUT"))).isEqualTo("-A INPUT -m comment --comment \"cali:Cz_u1IQiXIMmKD4c\" -j cali-INPUT\n");
        assertThat(chain(FelixStaticChains.insert("FORWARD"))).contains("cali:wUHhoiAYhphO9Mso");
        assertThat(chain(FelixStaticChains.insert("OUTPUT"))).contains("cali:tVnHkvAo15HuiPy0");
        assertThat(chain(FelixStaticChains.insert("PREROUTING"))).contains("cali:6gwbT8clXdHdC1b1");
        assertThat(chain(FelixStaticChains.insert("POSTROUTING"))).contains("cali:O3lYWMrLQYEMJtB5");
        List<FelixChain> filter = FelixStaticChains.filter(true, false);
        assertThat(chain(named(filter, "cali-FORWARD"))).isEqualTo("""
                -A cali-FORWARD -m comment --comment "cali:vjrMJCRpqwy5oRoX" -j MARK --set-xmark 0x0/0xe0000
                -A cali-FORWARD -m comment --comment "cali:A_sPAO0mcxbT9mOV" -m mark --mark 0x0/0x10000 -j cali-from-hep-forward
                -A cali-FORWARD -i cali+ -m comment --comment "cali:8ZoYfO5HKXWbB3pk" -j cali-from-wl-dispatch
                -A cali-FORWARD -o cali+ -m comment --comment "cali:jdEuaPBe14V2hutn" -j cali-to-wl-dispatch
                -A cali-FORWARD -m comment --comment "cali:12bc6HljsMKsmfr-" -j cali-to-hep-forward
                -A cali-FORWARD -m comment --comment "cali:NOSxoaGx8OIstr1z" -j cali-cidr-block
                """);
        assertThat(chain(named(filter, "cali-INPUT"))).startsWith("""
                -A cali-INPUT -p ipencap -m comment --comment "cali:PajejrV4aFdkZojI" -m comment --comment "Allow IPIP packets from Calico hosts" -m set --match-set cali40all-hosts-net src -m addrtype --dst-type LOCAL -j ACCEPT
                -A cali-INPUT -p ipencap -m comment --comment "cali:_wjq-Yrma8Ly1Svo" -m comment --comment "Drop IPIP packets from non-Calico hosts" -j DROP
                -A cali-INPUT -i cali+ -m comment --comment "cali:8TZGxLWh_Eiz66wc" -g cali-wl-to-host
                -A cali-INPUT -m comment --comment "cali:6McIeIDvPdL6PE1T" -m mark --mark 0x10000/0x10000 -j ACCEPT
                -A cali-INPUT -m comment --comment "cali:YGPbrUms7NId8xVa" -j MARK --set-xmark 0x0/0xf0000
                """);
        assertThat(chain(named(filter, "cali-wl-to-host"))).contains("cali:Ee9Sbo10IpVujdIY", "cali:nSZbcOoG1xPONxb8");
        List<FelixChain> nat = FelixStaticChains.nat("tunl0", true);
        assertThat(chain(named(nat, "cali-POSTROUTING"))).isEqualTo("""
                -A cali-POSTROUTING -m comment --comment "cali:Z-c7XtVd2Bq7s_hA" -j cali-fip-snat
                -A cali-POSTROUTING -m comment --comment "cali:nYKhEzDlr11Jccal" -j cali-nat-outgoing
                -A cali-POSTROUTING -o tunl0 -m comment --comment "cali:SXWvdsbh4Mw7wOln" -m addrtype ! --src-type LOCAL --limit-iface-out -m addrtype --src-type LOCAL -j MASQUERADE --random-fully
                """);
        assertThat(chain(named(nat, "cali-nat-outgoing"))).isEqualTo("-A cali-nat-outgoing -m comment --comment \"cali:flqWnvo8yq4ULQLa\" -m set --match-set"
                + " cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE --random-fully\n");
        assertThat(chain(FelixEndpointChains.dispatch(List.of()).get(0)))
                .isEqualTo("-A cali-from-wl-dispatch -m comment --comment \"cali:zTj6P0TIgYvgz-md\" -m comment --comment \"Unknown interface\" -j DROP\n");
    }

    @Test
    void namesFollowCalico() {
        assertThat(CalicoNames.vethName("default/client")).isEqualTo("calia7a3e029a7b");
        assertThat(CalicoNames.vethName("kube-system/coredns-5dd5756b68-x7x2z")).hasSize(15).startsWith("cali");
        // A policy id too long for 28 characters is hashed (a real node shows cali-pi-_Eb-vckmN-lr2eREXQcs for this one).
        assertThat(RuleHash.lengthLimitedId("cali-pi-", "default/knp.default.haejun-policy", 28)).isEqualTo("cali-pi-_Eb-vckmN-lr2eREXQcs");
        assertThat(RuleHash.lengthLimitedId("cali-pri-", "kns.default", 28)).isEqualTo("cali-pri-kns.default");
        assertThat(RuleHash.lengthLimitedId("cali-pri-", "ksa.default.default", 28)).isEqualTo("cali-pri-ksa.default.default");
    }

    @Test
    void ipBlockWithExceptBecomesANegatedMatchBlockOnTheScratchBits() {
        NetworkPolicy p = new NetworkPolicy(ObjectMeta.of("default", "allow-lan", Map.of()), new NetworkPolicySpec(LabelSelector.EVERYTHING,
                List.of(PolicyType.INGRESS), List.of(new NetworkPolicyIngressRule(
                        List.of(new NetworkPolicyPort(Protocol.TCP, IntOrString.of(8080), 8090), new NetworkPolicyPort(Protocol.UDP, IntOrString.of(53), null)),
                        List.of(new NetworkPolicyPeer(null, null, new IPBlock("10.0.0.0/8", List.of("10.1.0.0/16")))))), List.of()));
        PolicyEngine engine = new PolicyEngine(List.of(p), List.of(), List.of());
        FelixChain c = new PolicyCompiler(engine, List.of()).compile(p, PolicyType.INGRESS);
        assertThat(c.name()).isEqualTo(PolicyCompiler.chainName(p, PolicyType.INGRESS)).startsWith("cali-pi-_").hasSize(28);
        assertThat(c.saveLines().replaceAll("cali:[\\w-]{16}", "cali:H")).isEqualTo("""
                -A %1$s -m comment --comment "cali:H" -m comment --comment "Policy default/knp.default.allow-lan ingress" -j MARK --set-xmark 0x40000/0xc0000
                -A %1$s -s 10.1.0.0/16 -m comment --comment "cali:H" -j MARK --set-xmark 0x0/0x40000
                -A %1$s -s 10.0.0.0/8 -p tcp -m comment --comment "cali:H" -m multiport --dports 8080:8090 -m mark --mark 0x40000/0x40000 -j MARK --set-xmark 0x10000/0x10000
                -A %1$s -m comment --comment "cali:H" -m mark --mark 0x10000/0x10000 -j RETURN
                -A %1$s -m comment --comment "cali:H" -j MARK --set-xmark 0x40000/0xc0000
                -A %1$s -s 10.1.0.0/16 -m comment --comment "cali:H" -j MARK --set-xmark 0x0/0x40000
                -A %1$s -s 10.0.0.0/8 -p udp -m comment --comment "cali:H" -m multiport --dports 53 -m mark --mark 0x40000/0x40000 -j MARK --set-xmark 0x10000/0x10000
                """.formatted(c.name()));
    }

    @Test
    void aPolicyWithoutRulesForADirectionKeepsOnlyItsComment() {
        NetworkPolicy denyAll = new NetworkPolicy(ObjectMeta.of("prod", "deny-all", Map.of()),
                new NetworkPolicySpec(LabelSelector.EVERYTHING, List.of(PolicyType.INGRESS), List.of(), List.of()));
        FelixChain c = new PolicyCompiler(new PolicyEngine(List.of(denyAll), List.of(), List.of()), List.of()).compile(denyAll, PolicyType.INGRESS);
        assertThat(c.saveLines()).matches("-A cali-pi-_[\\w-]{19} -m comment --comment \"cali:[\\w-]{16}\" -m comment --comment \"Policy prod/knp.default.deny-all ingress\"\n");
    }
}
