package io.kdp.kubeproxy;

/** What one proxier sync would apply to a node, in the proxier's own terms. */
public interface SyncResult {
    /** Whether this was a full sync (every chain rewritten) rather than a partial one. */
    boolean fullSync();

    /** A human-readable rendering of everything the sync applies (commands, restore input). */
    String render();
}
