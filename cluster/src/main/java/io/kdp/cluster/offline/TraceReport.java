package io.kdp.cluster.offline;

import java.util.List;

/** The result of an offline trace: the packet and its outcomes in path order: the matching branch of each {@code statistic} rule before the other. */
public record TraceReport(TracePacket packet, List<TraceOutcome> outcomes) {
    public TraceReport {
        outcomes = List.copyOf(outcomes);
    }
}
