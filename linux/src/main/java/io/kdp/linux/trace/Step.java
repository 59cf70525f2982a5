package io.kdp.linux.trace;

/**
 * One thing the emulated kernel did with a packet, in the spirit of Batfish's trace steps and of
 * iptables' {@code TRACE} target. Each step renders as one line ({@link #text()}); {@link #kind()} is
 * its stable name in JSON output.
 */
public sealed interface Step {
    /** Stable lower-case name of the step type, used as {@code "type"} in JSON. */
    String kind();

    /** One human-readable line, without the host name. */
    String text();

    /** A frame received on a device ({@code rx}). */
    record Receive(String device, String packet) implements Step {
        public String kind() { return "receive"; }
        public String text() { return "rx " + device + "  " + packet; }
    }

    /** A frame transmitted on a device ({@code tx}). */
    record Transmit(String device, String packet) implements Step {
        public String kind() { return "transmit"; }
        public String text() { return "tx " + device + "  " + packet; }
    }

    /** Netfilter hook traversal begins; the functions that will run are listed as their owners. */
    record HookEntered(String hook, String functions) implements Step {
        public String kind() { return "hook"; }
        public String text() { return "hook " + hook + " [" + functions + "]"; }
    }

    /**
     * An iptables rule that matched, a user chain's implicit return, or a built-in chain's policy, as
     * iptables' TRACE target reports them ({@code nat:KUBE-SERVICES:rule:3}).
     *
     * @param how {@code rule}, {@code return} or {@code policy}
     * @param number the 1-based rule number (for return and policy, one more than the rules in the chain)
     * @param rule the rule in {@code iptables-save} syntax, or the policy name
     * @param verdict what the rule decided: a target such as {@code ACCEPT}, {@code DNAT}, {@code jump KUBE-SVC-...}, or {@code continue}
     */
    record Rule(String table, String chain, String how, int number, String rule, String verdict) implements Step {
        public String kind() { return "rule"; }
        public String text() {
            String head = table + ":" + chain + ":" + how + ":" + number;
            return switch (how) {
                case "policy" -> head + "  policy " + verdict;
                case "return" -> head + "  return to the calling chain";
                default -> head + "  " + rule + ("continue".equals(verdict) ? "" : "  => " + verdict);
            };
        }
    }

    /** An nftables rule, verdict map lookup, or chain policy. */
    record NftRule(String family, String table, String chain, int handle, String rule, String verdict) implements Step {
        public String kind() { return "nft"; }
        public String text() { return "nft " + family + " " + table + " " + chain + ": " + rule + ("continue".equals(verdict) ? "" : "  => " + verdict); }
    }

    /**
     * Conntrack's view of the packet.
     *
     * @param state NEW, ESTABLISHED, RELATED, INVALID or UNTRACKED, with {@code reply} when in the reply direction
     * @param entry the entry as {@code conntrack -L} prints it
     */
    record Conntrack(String state, String entry) implements Step {
        public String kind() { return "conntrack"; }
        public String text() { return "conntrack " + state + "  " + entry; }
    }

    /** An address or port rewrite: DNAT, SNAT, MASQUERADE, or their inverse on replies. */
    record Nat(String type, String before, String after) implements Step {
        public String kind() { return "nat"; }
        public String text() { return type + " " + before + " -> " + after; }
    }

    /**
     * A routing decision.
     *
     * @param table the routing table consulted ({@code local}, {@code main}, ...)
     * @param route the route chosen, as {@code ip route} prints it
     * @param result {@code local} (to INPUT), {@code forward}, {@code output}, or an error type
     */
    record Route(String table, String route, String result) implements Step {
        public String kind() { return "route"; }
        public String text() { return "route " + result + " via table " + table + ": " + route; }
    }

    /** A neighbour (ARP) lookup for the next hop. */
    record Neighbour(String address, String lladdr, String device, String state) implements Step {
        public String kind() { return "neighbour"; }
        public String text() { return "neigh " + address + " dev " + device + (lladdr == null ? "" : " lladdr " + lladdr) + " " + state; }
    }

    /** A bridge forwarding decision. */
    record Bridge(String bridge, String inPort, String outPort, String how) implements Step {
        public String kind() { return "bridge"; }
        public String text() { return "bridge " + bridge + " " + inPort + " -> " + outPort + " (" + how + ")"; }
    }

    /** A packet wrapped into a tunnel. */
    record Encap(String device, String outer, String reason) implements Step {
        public String kind() { return "encap"; }
        public String text() { return "encap " + device + "  " + outer + (reason == null ? "" : "  (" + reason + ")"); }
    }

    /** A packet taken out of a tunnel. */
    record Decap(String device, String outer) implements Step {
        public String kind() { return "decap"; }
        public String text() { return "decap " + device + "  " + outer; }
    }

    /** A lookup in a kernel table that is neither a route nor a rule: IPVS, ipset, eBPF maps, FDB. */
    record Lookup(String table, String key, String result) implements Step {
        public String kind() { return "lookup"; }
        public String text() { return "lookup " + table + " " + key + " -> " + result; }
    }

    /** A NetworkPolicy decision. */
    record Policy(String enforcer, String policy, String rule, String verdict) implements Step {
        public String kind() { return "policy"; }
        public String text() { return "policy " + enforcer + " " + policy + (rule == null ? "" : " " + rule) + " => " + verdict; }
    }

    /** An ICMP error or TCP reset the kernel generated in answer. */
    record Generated(String why, String packet) implements Step {
        public String kind() { return "generated"; }
        public String text() { return "sent " + why + "  " + packet; }
    }

    /** Delivered to a local socket. */
    record Deliver(String socket, String packet) implements Step {
        public String kind() { return "deliver"; }
        public String text() { return "deliver to " + socket + "  " + packet; }
    }

    /** The packet ends here. */
    record Drop(String reason) implements Step {
        public String kind() { return "drop"; }
        public String text() { return "drop: " + reason; }
    }

    /** Anything else worth a line. */
    record Note(String note) implements Step {
        public String kind() { return "note"; }
        public String text() { return note; }
    }
}
