package io.kdp.linux.conntrack;

/** PLACEHOLDER owned by the conntrack work: one tracked connection (struct nf_conn). */
public final class ConntrackEntry {
    private int mark;

    public int mark() {
        return mark;
    }

    public void mark(int m) {
        this.mark = m;
    }
}
