package io.kdp.cluster.capture;

import io.kdp.packet.pcap.PcapngWriter;
import io.kdp.packet.wire.PacketCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a {@link TraceCapture} as pcapng: a section header naming the writer and the scenario, one
 * interface block per interface ({@code if_name} {@code host/device}, nanosecond {@code if_tsresol}),
 * and one enhanced packet block per frame with its step as the comment.
 */
public final class PcapngExport {
    private PcapngExport() {}

    /**
     * Writes {@code capture} to {@code file}.
     *
     * @param userAppl the {@code shb_userappl}, e.g. {@code kdp 0.1.0}
     * @return the number of frames written
     */
    public static int write(TraceCapture capture, Path file, String userAppl) throws IOException {
        try (PcapngWriter w = PcapngWriter.create(file, userAppl, capture.sectionComment())) {
            return write(capture, w);
        }
    }

    /** Declares the interfaces on {@code w} and appends every frame; returns how many. */
    public static int write(TraceCapture capture, PcapngWriter w) throws IOException {
        Map<CaptureInterface, Integer> ids = new HashMap<>();
        for (CaptureInterface itf : capture.interfaces()) ids.put(itf, w.addInterface(itf.name(), itf.linkType(), itf.description()));
        for (TraceFrame f : capture.frames()) w.write(ids.get(f.iface()), f.timestampNanos(), PacketCodec.encode(f.frame()), f.comment());
        return capture.frames().size();
    }
}
