package io.kdp.linux.tunnel;

import io.kdp.linux.Backlog;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Packet;
import java.util.function.Consumer;

/**
 * A TUN device (drivers/net/tun.c, {@code IFF_TUN | IFF_NO_PI}), such as flannel's udp backend's
 * {@code flannel0}: an IP-level device (no link-layer header, no ARP) whose other end is a user-space
 * process. What the stack transmits on it is handed to the process that has it open, as a read() of
 * {@code /dev/net/tun} would return it ({@link #attach}); what the process writes is received on the
 * device as if it came in from a wire ({@link #write}, tun_get_user then netif_rx). With no process
 * attached the device has no carrier and drops what it is given.
 */
public final class TunDevice extends NetDevice {
    private Consumer<Packet> reader;

    /** {@code ip tuntap add NAME mode tun} (or opening /dev/net/tun with TUNSETIFF) with MTU {@code mtu}. */
    public TunDevice(NetNamespace ns, String name, int mtu) {
        super(ns, name, null, mtu);
        ns.register(this);
    }

    /** The process that opened the device: it receives every packet the stack transmits on it. */
    public void attach(Consumer<Packet> reader) {
        this.reader = reader;
    }

    /** The process closed its file descriptor (tun_detach): the device loses its carrier. */
    public void detach() {
        this.reader = null;
    }

    /** Whether a process has the device open. */
    public boolean attached() {
        return reader != null;
    }

    /** The process writes an IPv4 packet: it is received on this device (tun_get_user, netif_rx). */
    public void write(Packet packet) {
        ns().backlog().enqueue(this, packet.withEthernet(null));
    }

    @Override
    public String kind() {
        return "tun type tun pi off vnet_hdr off persist off";
    }

    /** tun_net_xmit: queue the packet for the reader, or drop it when nobody has the device open. */
    @Override
    protected void transmit(Packet frame, Backlog backlog) {
        NetNamespace ns = ns();
        Packet p = frame.withEthernet(null);
        if (reader == null) {
            VxlanDevice.drop(ns, "tun " + name() + ": no process has the device open (NO-CARRIER)");
            return;
        }
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Note("tun " + name() + ": read by user space  " + p.summary()));
        reader.accept(p);
    }
}
