package io.kdp.kubeproxy.ipvs;

import io.kdp.kubeproxy.SyncResult;
import java.util.List;

/**
 * What one IPVS-mode sync changes on a node, as the equivalent commands in kube-proxy's order (see
 * {@link SyncPlanner}). An unchanged cluster yields only the iptables-restore of the constant-size rules.
 *
 * @param fullSync        the first sync (or the first after {@link IpvsProxier#requestFullSync()})
 * @param restoreText     the iptables-restore input of this sync
 * @param virtualServers  virtual servers after the sync
 * @param realServers     real servers after the sync, over all virtual servers
 */
public record IpvsSyncResult(boolean fullSync, List<String> commands, String restoreText, int virtualServers, int realServers,
                             List<IpvsOp> ops) implements SyncResult {
    public IpvsSyncResult {
        commands = List.copyOf(commands);
        ops = List.copyOf(ops);
    }

    static IpvsSyncResult of(boolean full, List<IpvsOp> ops, DesiredState d) {
        String restore = "";
        for (IpvsOp op : ops) if (op instanceof IpvsOp.Restore r) restore = r.text();
        return new IpvsSyncResult(full, ops.stream().map(IpvsOp::command).toList(), restore, d.servers().size(), d.realServers(), ops);
    }

    /** The changes other than the iptables-restore (what an incremental sync really costs). */
    public List<String> changes() {
        return commands.stream().filter(c -> !c.startsWith("iptables-restore ")).toList();
    }

    /** The commands, one per line (the restore as a here-document). */
    @Override
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (String c : commands) sb.append(c).append('\n');
        return sb.toString();
    }
}
