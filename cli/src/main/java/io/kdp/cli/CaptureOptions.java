package io.kdp.cli;

import io.kdp.cluster.capture.PcapExport;
import io.kdp.cluster.capture.PcapngExport;
import io.kdp.cluster.capture.TraceCapture;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The packet capture options of {@code kdp trace}: {@code --pcap}, {@code --pcap-format}, {@code --pcap-dir}. */
final class CaptureOptions {
    @Option(names = "--pcap", paramLabel = "FILE",
            description = "Write every frame on every interface it crossed to FILE (pcapng: one interface per host/device, a comment per frame naming its step).")
    Path pcap;

    @Option(names = "--pcap-format", paramLabel = "pcapng|pcap", defaultValue = "pcapng",
            description = "Format of --pcap (default: ${DEFAULT-VALUE}); pcap is classic libpcap: one link type, no interface names or comments.")
    String format;

    @Option(names = "--pcap-dir", paramLabel = "DIR",
            description = "Write one classic pcap per interface into DIR (e.g. node-a_eth0.pcap), as tcpdump -i IFACE -w would.")
    Path pcapDir;

    /** Whether any capture was asked for. */
    boolean wanted() {
        return pcap != null || pcapDir != null;
    }

    /** Checks the options before anything runs. */
    void validate() {
        if (!format.equals("pcapng") && !format.equals("pcap")) throw new IllegalArgumentException("--pcap-format " + format + ": expected pcapng or pcap");
    }

    /** Writes the capture where asked and says so on {@code err}. */
    void write(TraceCapture capture, String userAppl, PrintStream err) throws IOException {
        int interfaces = capture.interfaces().size();
        if (pcap != null) {
            int n = format.equals("pcap") ? PcapExport.write(capture, pcap) : PcapngExport.write(capture, pcap, userAppl);
            err.println("capture: " + n + " frames on " + interfaces + " interfaces written to " + pcap + " (" + format + ")");
        }
        if (pcapDir != null) {
            List<Path> files = PcapExport.writePerInterface(capture, pcapDir);
            err.println("capture: " + files.size() + " files, one per interface, written to " + pcapDir);
        }
    }
}
