package io.kdp.linux.iptables;

/** The built-in verdicts ACCEPT, DROP and RETURN (XT_STANDARD_TARGET with a negative verdict). */
public enum StandardTarget implements Target {
    ACCEPT, DROP, RETURN;

    @Override
    public void save(StringBuilder sb) {}
}
