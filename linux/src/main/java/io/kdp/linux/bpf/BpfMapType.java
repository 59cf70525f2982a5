package io.kdp.linux.bpf;

/** The BPF map types kdp emulates (enum bpf_map_type), with the names {@code bpftool map show} prints. */
public enum BpfMapType {
    /** BPF_MAP_TYPE_HASH: insertion fails with E2BIG once max_entries are in use. */
    HASH("hash"),
    /** BPF_MAP_TYPE_LRU_HASH: a full map evicts its least recently used entry to make room. */
    LRU_HASH("lru_hash"),
    /** BPF_MAP_TYPE_ARRAY: max_entries preallocated, zero-filled slots; entries cannot be deleted. */
    ARRAY("array"),
    /** BPF_MAP_TYPE_HASH_OF_MAPS: values are inner maps (kdp stores the inner map's contents). */
    HASH_OF_MAPS("hash_of_maps");

    private final String bpftoolName;

    BpfMapType(String bpftoolName) {
        this.bpftoolName = bpftoolName;
    }

    /** The type as bpftool prints it. */
    public String bpftoolName() {
        return bpftoolName;
    }
}
