package io.kdp.kubeproxy.ebpf;

import io.kdp.kubeproxy.SyncResult;
import java.util.List;

/**
 * What one sync of the eBPF load balancer writes: map updates and deletions, in the order the
 * agent performs them (backends before the service entries that refer to them; frontend entries
 * after their backend slots; deletions last).
 *
 * @param fullSync whether every entry was written
 * @param operations one line per map operation, e.g. {@code update cilium_lb4_backends_v3 1 => TCP://10.244.0.4:8080 active}
 */
public record EbpfSyncResult(boolean fullSync, List<String> operations) implements SyncResult {
    public EbpfSyncResult {
        operations = List.copyOf(operations);
    }

    @Override
    public String render() {
        return operations.isEmpty() ? "" : String.join("\n", operations) + "\n";
    }
}
