package io.kdp.cluster.capture;

import io.kdp.packet.pcap.LinkType;
import io.kdp.packet.pcap.PcapWriter;
import io.kdp.packet.pcap.TimestampResolution;
import io.kdp.packet.wire.PacketCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a {@link TraceCapture} as classic pcap, microsecond timestamps as {@code tcpdump -w} writes
 * by default (kdp's hops are a microsecond apart, so nothing is lost), either as one file or as one
 * file per interface as {@code tcpdump -i IFACE -w} would.
 *
 * <p>Classic pcap has one link type per file and no comments or interface names. A single file is
 * {@link LinkType#ETHERNET} when any interface is; frames of IP-level interfaces (tunl0, TUN) then
 * get an all-zero Ethernet header of type IPv4, as the loopback device shows. When every interface
 * is IP-level the file is {@link LinkType#RAW}.
 */
public final class PcapExport {
    private PcapExport() {}

    /** The link type of a single classic file holding frames of {@code interfaces}. */
    public static LinkType linkTypeFor(List<CaptureInterface> interfaces) {
        return interfaces.stream().allMatch(i -> i.linkType() == LinkType.RAW) && !interfaces.isEmpty() ? LinkType.RAW : LinkType.ETHERNET;
    }

    /** Writes every frame, from every interface, to one file; returns how many. */
    public static int write(TraceCapture capture, Path file) throws IOException {
        LinkType lt = linkTypeFor(capture.interfaces());
        try (PcapWriter w = PcapWriter.create(file, lt, TimestampResolution.MICROSECONDS)) {
            for (TraceFrame f : capture.frames()) w.write(f.timestampNanos(), PacketCodec.encode(LinkFraming.fit(f.frame(), lt)));
        }
        return capture.frames().size();
    }

    /**
     * Writes one file per interface into {@code dir} (created if missing), named after the interface
     * with '/' made '_': {@code node-a_eth0.pcap}, {@code default_client_eth0.pcap}.
     *
     * @return the files written, in interface order
     */
    public static List<Path> writePerInterface(TraceCapture capture, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (CaptureInterface itf : capture.interfaces()) {
            String stem = itf.fileStem();
            for (int k = 2; !used.add(stem); k++) stem = itf.fileStem() + "-" + k; // "a/b_c" and "a_b/c" would collide
            Path file = dir.resolve(stem + ".pcap");
            try (PcapWriter w = PcapWriter.create(file, itf.linkType(), TimestampResolution.MICROSECONDS)) {
                for (TraceFrame f : capture.framesOn(itf)) w.write(f.timestampNanos(), PacketCodec.encode(f.frame()));
            }
            files.add(file);
        }
        return files;
    }
}
