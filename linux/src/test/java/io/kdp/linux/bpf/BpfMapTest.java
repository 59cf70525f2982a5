package io.kdp.linux.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BpfMapTest {
    static BpfMap<Integer, Integer> map(BpfMapType type, int max) {
        return BpfMap.create("m", type, BpfCodec.U32, BpfCodec.U32, max);
    }

    @Test
    void aFullHashMapRefusesNewKeysButUpdatesOldOnes() {
        BpfMap<Integer, Integer> m = map(BpfMapType.HASH, 2);
        m.update(1, 10);
        m.update(2, 20);
        assertThatThrownBy(() -> m.update(3, 30)).isInstanceOf(BpfMapException.class).hasMessage("update m: map is full (max_entries 2)")
                .satisfies(e -> assertThat(((BpfMapException) e).errno()).isEqualTo("E2BIG"));
        m.update(2, 21);
        assertThat(m.lookup(2)).isEqualTo(21);
        assertThat(m.delete(1)).isTrue();
        assertThat(m.delete(1)).isFalse();
        m.update(3, 30);
        assertThat(m.entries()).containsOnlyKeys(2, 3);
    }

    @Test
    void anLruMapEvictsTheLeastRecentlyUsedEntry() {
        BpfMap<Integer, Integer> m = map(BpfMapType.LRU_HASH, 2);
        m.update(1, 10);
        m.update(2, 20);
        m.lookup(1); // 2 is now the least recently used
        m.update(3, 30);
        assertThat(m.entries()).containsOnlyKeys(1, 3);
    }

    @Test
    void updateFlagsAreChecked() {
        BpfMap<Integer, Integer> m = map(BpfMapType.HASH, 4);
        assertThatThrownBy(() -> m.update(1, 1, BpfMap.BPF_EXIST)).hasMessage("update m: no such key");
        m.update(1, 1, BpfMap.BPF_NOEXIST);
        assertThatThrownBy(() -> m.update(1, 2, BpfMap.BPF_NOEXIST)).hasMessage("update m: key exists");
        m.update(1, 3, BpfMap.BPF_EXIST);
        assertThat(m.lookup(1)).isEqualTo(3);
    }

    @Test
    void arrayElementsAlwaysExistAndCannotBeDeleted() {
        BpfMap<Integer, Integer> a = BpfMap.array("a", BpfCodec.U32, 3, 0);
        assertThat(a.lookup(2)).isZero();
        assertThat(a.lookup(3)).isNull();
        a.update(1, 7);
        assertThat(a.lookup(1)).isEqualTo(7);
        assertThatThrownBy(() -> a.delete(1)).hasMessage("delete a: array elements cannot be deleted");
        assertThatThrownBy(() -> a.update(3, 1)).hasMessage("update a: index 3 is not below max_entries 3");
    }

    @Test
    void bpftoolDumpLayout() {
        BpfMap<Integer, Integer> small = map(BpfMapType.HASH, 4);
        small.update(1, 0x0a0b0c0d);
        assertThat(BpftoolMapDump.dump(small)).isEqualTo("key: 01 00 00 00  value: 0d 0c 0b 0a\nFound 1 element\n");
        // 16 + 16 bytes: no line breaks in the names, but key and value on lines of their own
        BpfCodec<Integer> sixteen = new BpfCodec<>() {
            public int size() { return 16; }
            public void write(Integer v, byte[] b, int o) { for (int i = 0; i < 16; i++) b[o + i] = (byte) (v + i); }
        };
        BpfMap<Integer, Integer> wide = BpfMap.create("w", BpfMapType.HASH, sixteen, sixteen, 4);
        wide.update(0, 0x10);
        assertThat(BpftoolMapDump.dump(wide)).isEqualTo("""
                key: 00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f
                value: 10 11 12 13 14 15 16 17  18 19 1a 1b 1c 1d 1e 1f
                Found 1 element
                """);
        // a value over 16 bytes breaks the names onto their own lines and wraps every 16 bytes
        BpfMap<Integer, int[]> big = BpfMap.create("b", BpfMapType.HASH, BpfCodec.U16, BpfCodec.u32Array(5), 4);
        big.update(1, new int[] {1, 2, 3, 4, 5});
        assertThat(BpftoolMapDump.dump(big)).isEqualTo("""
                key:
                01 00
                value:
                01 00 00 00 02 00 00 00  03 00 00 00 04 00 00 00
                05 00 00 00
                Found 1 element
                """);
        BpfMap<Integer, Integer> arr = BpfMap.array("a", BpfCodec.U8, 2, 0);
        arr.update(1, 9);
        assertThat(BpftoolMapDump.dump(arr)).isEqualTo("key: 00 00 00 00  value: 00\nkey: 01 00 00 00  value: 09\nFound 2 elements\n");
    }

    @Test
    void effectiveProgramsRunFromTheSocketsCgroupUpToTheRoot() {
        Cgroup root = Cgroup.root(new io.kdp.linux.NetNamespace("host", new io.kdp.linux.Backlog(new io.kdp.linux.Clock(0)), 1));
        Cgroup pod = root.child("kubepods.slice").child("pod1.slice");
        SockAddrProgram a = named("root-prog"), b = named("pod-prog");
        root.attach(CgroupAttachType.INET4_CONNECT, a);
        pod.attach(CgroupAttachType.INET4_CONNECT, b);
        assertThat(pod.path()).isEqualTo("/kubepods.slice/pod1.slice");
        assertThat(pod.effective(CgroupAttachType.INET4_CONNECT)).containsExactly(b, a);
        assertThat(pod.effective(CgroupAttachType.UDP4_SENDMSG)).isEmpty();
        assertThat(root.child("kubepods.slice").effective(CgroupAttachType.INET4_CONNECT)).containsExactly(a);
        root.detach(CgroupAttachType.INET4_CONNECT, a);
        assertThat(pod.effective(CgroupAttachType.INET4_CONNECT)).containsExactly(b);
        assertThatThrownBy(() -> root.child("a/b")).hasMessage("'a/b' is not a cgroup name");
    }

    static SockAddrProgram named(String name) {
        return new SockAddrProgram() {
            public String name() { return name; }
            public int run(SockAddrContext ctx) { return SYS_PROCEED; }
        };
    }
}
