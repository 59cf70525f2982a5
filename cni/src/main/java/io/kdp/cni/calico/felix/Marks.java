package io.kdp.cni.calico.felix;

/**
 * The mark bits Felix allocates from its default {@code IptablesMarkMask} 0xffff0000 (rules.Config
 * MarkAccept, MarkPass, MarkScratch0, MarkScratch1; the endpoint bits are only used with IPVS).
 */
public final class Marks {
    private Marks() {}

    /** A policy or profile allowed the packet. */
    public static final int ACCEPT = 0x10000;
    /** A policy passed the packet to the next tier. */
    public static final int PASS = 0x20000;
    /** Match blocks: "all blocks passed". */
    public static final int SCRATCH0 = 0x40000;
    /** Match blocks: "this block passed". */
    public static final int SCRATCH1 = 0x80000;
    /** Every bit Felix owns without IPVS support. */
    public static final int ALL = ACCEPT | PASS | SCRATCH0 | SCRATCH1;
}
