package io.kdp.cluster.offline;

import io.kdp.linux.trace.Step;

/** How one kind of ruleset turns the node's trace steps into the step lines an offline trace reports. */
interface StepLines {
    /** The line of a step the traced packet took on the node, or null when the step gives none. */
    String line(Step step);

    /** Sees a step on the node that belongs to another packet (an answer the stack generated); ignored by default. */
    default void other(Step step) {}

    /**
     * The line of the rule that rejected the traced packet when it could only be recognised after the answer's own
     * steps (the rejecting hook function named it in {@code dropReason}), or null: none by default.
     */
    default String rejectedBy(String dropReason) {
        return null;
    }
}
