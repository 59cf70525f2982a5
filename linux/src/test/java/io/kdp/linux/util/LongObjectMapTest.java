package io.kdp.linux.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The primitive map behaves as a HashMap through any sequence of puts and removes. */
class LongObjectMapTest {
    @Property(tries = 200)
    void agreesWithHashMap(@ForAll @Size(max = 300) List<@LongRange(min = -40, max = 40) Long> ops) {
        LongObjectMap<Long> m = new LongObjectMap<>(2);
        Map<Long, Long> ref = new HashMap<>();
        long step = 0;
        for (long op : ops) {
            step++;
            if (op >= 0) {
                assertThat(m.put(op * 0x1_0000_0001L, step)).isEqualTo(ref.put(op * 0x1_0000_0001L, step));
            } else {
                assertThat(m.remove(-op * 0x1_0000_0001L)).isEqualTo(ref.remove(-op * 0x1_0000_0001L));
            }
            assertThat(m.size()).isEqualTo(ref.size());
        }
        for (long k = -40; k <= 40; k++) assertThat(m.get(k * 0x1_0000_0001L)).isEqualTo(ref.get(k * 0x1_0000_0001L));
        Map<Long, Long> seen = new HashMap<>();
        m.forEach(seen::put);
        assertThat(seen).isEqualTo(ref);
    }
}
