package io.kdp.linux.trace;

import java.util.List;

/** The steps a packet took on one host, in order (Batfish's hop). */
public record Hop(String host, List<Step> steps) {
    public Hop {
        steps = List.copyOf(steps);
    }
}
