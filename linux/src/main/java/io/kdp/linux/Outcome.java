package io.kdp.linux;

import io.kdp.linux.trace.Disposition;

/**
 * How the journey of the packet being driven ended: the first terminal event wins, so that an ICMP
 * error or reset generated in answer does not overwrite the fate of the packet that caused it.
 *
 * @param host the namespace where it ended
 * @param disposition how
 * @param reason a human-readable cause
 */
public record Outcome(String host, Disposition disposition, String reason) {
    @Override
    public String toString() {
        return disposition + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")") + " at " + host;
    }
}
