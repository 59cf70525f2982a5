package io.kdp.linux.iptables;

/** {@code -j CHAIN} (pushes a return point) or {@code -g CHAIN} (does not) to a user-defined chain. */
public record JumpTarget(String chain, boolean isGoto) implements Target {
    @Override
    public String name() {
        return chain;
    }

    @Override
    public void save(StringBuilder sb) {}
}
