package io.kdp.cni.calico.felix;

import static io.kdp.cni.calico.felix.FelixRule.rule;

import io.kdp.cni.calico.CalicoNames;
import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.PolicyType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Per-endpoint chains (rules/endpoints.go, dispatch.go): {@code cali-tw-<iface>} for traffic to a
 * workload (ingress policy), {@code cali-fw-<iface>} from it (egress policy), the dispatch chains
 * choosing them by interface, and the Kubernetes profiles {@code kns.<ns>} / {@code ksa.<ns>.<sa>}.
 *
 * <p>Each endpoint chain: accept RELATED,ESTABLISHED, drop INVALID, clear the accept and pass bits;
 * from a workload, drop VXLAN and IPIP packets it encapsulated itself; then, when policies apply,
 * "Start of tier default", a jump to each policy chain followed by "Return if policy accepted", and
 * "Drop if no policies passed packet"; finally the profiles, each followed by "Return if profile
 * accepted", and "Drop if no profiles matched". The dispatch chains are flat (Felix splits them into
 * a prefix tree for many endpoints).
 */
public final class FelixEndpointChains {
    private FelixEndpointChains() {}

    public static String toChain(String iface) {
        return RuleHash.lengthLimitedId("cali-tw-", iface, FelixChain.MAX_NAME);
    }

    public static String fromChain(String iface) {
        return RuleHash.lengthLimitedId("cali-fw-", iface, FelixChain.MAX_NAME);
    }

    public static String profileChain(String profile, boolean inbound) {
        return RuleHash.lengthLimitedId(inbound ? "cali-pri-" : "cali-pro-", profile, FelixChain.MAX_NAME);
    }

    public static List<FelixChain> dispatch(List<WorkloadEndpoint> endpoints) {
        List<WorkloadEndpoint> sorted = new ArrayList<>(endpoints);
        sorted.sort(Comparator.comparing(WorkloadEndpoint::iface));
        List<FelixRule> from = new ArrayList<>(), to = new ArrayList<>();
        for (WorkloadEndpoint e : sorted) {
            from.add(rule().inInterface(e.iface()).gotoChain(fromChain(e.iface())));
            to.add(rule().outInterface(e.iface()).gotoChain(toChain(e.iface())));
        }
        from.add(rule().comment("Unknown interface").drop());
        to.add(rule().comment("Unknown interface").drop());
        return List.of(new FelixChain("cali-from-wl-dispatch", from), new FelixChain("cali-to-wl-dispatch", to));
    }

    /** {@code cali-tw-<iface>} and {@code cali-fw-<iface>}. */
    public static List<FelixChain> endpoint(WorkloadEndpoint e) {
        return List.of(chain(e, PolicyType.INGRESS), chain(e, PolicyType.EGRESS));
    }

    private static FelixChain chain(WorkloadEndpoint e, PolicyType direction) {
        boolean ingress = direction == PolicyType.INGRESS;
        List<FelixRule> rules = new ArrayList<>();
        rules.add(rule().conntrackState("RELATED,ESTABLISHED").accept());
        rules.add(rule().conntrackState("INVALID").drop());
        rules.add(rule().clearMark(Marks.ACCEPT | Marks.PASS));
        if (!ingress) {
            rules.add(rule().comment("Drop VXLAN encapped packets originating in workloads").protocolNum(17)
                    .destPorts(Integer.toString(CalicoNames.VXLAN_PORT)).drop());
            rules.add(rule().comment("Drop IPinIP encapped packets originating in workloads").protocolNum(4).drop());
        }
        List<NetworkPolicy> policies = ingress ? e.ingress() : e.egress();
        if (!policies.isEmpty()) {
            rules.add(rule().comment("Start of tier default").clearMark(Marks.PASS));
            for (NetworkPolicy p : policies) {
                rules.add(rule().markClear(Marks.PASS).jump(PolicyCompiler.chainName(p, direction)));
                rules.add(rule().comment("Return if policy accepted").markSingleBitSet(Marks.ACCEPT).doReturn());
            }
            rules.add(rule().comment("Drop if no policies passed packet").markClear(Marks.PASS).drop());
        }
        for (String profile : List.of(e.namespaceProfile(), e.serviceAccountProfile())) {
            rules.add(rule().jump(profileChain(profile, ingress)));
            rules.add(rule().comment("Return if profile accepted").markSingleBitSet(Marks.ACCEPT).doReturn());
        }
        rules.add(rule().comment("Drop if no profiles matched").drop());
        return new FelixChain(ingress ? toChain(e.iface()) : fromChain(e.iface()), rules);
    }

    /** The profile chains for one direction: {@code kns.*} allows everything, {@code ksa.*} has no rules. */
    public static FelixChain profile(String profile, boolean inbound) {
        String comment = "Profile " + profile + (inbound ? " ingress" : " egress");
        List<FelixRule> rules = profile.startsWith("kns.")
                ? List.of(rule().comment(comment).setMark(Marks.ACCEPT))
                : List.of(rule().comment(comment).noAction());
        return new FelixChain(profileChain(profile, inbound), rules);
    }
}
