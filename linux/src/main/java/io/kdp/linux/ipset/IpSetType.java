package io.kdp.linux.ipset;

/** The ipset types emulated, with their names and dimensions (how many src/dst flags a match needs). */
public enum IpSetType {
    HASH_IP("hash:ip", 1, 1),
    HASH_IP_PORT("hash:ip,port", 2, 2),
    HASH_IP_PORT_IP("hash:ip,port,ip", 3, 3),
    HASH_IP_PORT_NET("hash:ip,port,net", 3, 3),
    HASH_NET("hash:net", 1, 2),
    BITMAP_PORT("bitmap:port", 1, 0);

    private final String typeName;
    private final int dimension;
    /** u32 words the kernel element struct (struct hash_*4_elem) hashes, 0 for bitmaps. */
    private final int words;

    IpSetType(String typeName, int dimension, int words) {
        this.typeName = typeName;
        this.dimension = dimension;
        this.words = words;
    }

    /** The name ipset prints ({@code hash:ip,port}). */
    public String typeName() { return typeName; }

    /** IPSET_DIM_*: how many packet fields make the key. */
    public int dimension() { return dimension; }

    int words() { return words; }

    public boolean isHash() { return words > 0; }

    /** The type of that name, or null. */
    public static IpSetType of(String name) {
        for (IpSetType t : values()) if (t.typeName.equals(name)) return t;
        return null;
    }
}
