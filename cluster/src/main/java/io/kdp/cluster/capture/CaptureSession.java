package io.kdp.cluster.capture;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.trace.ConnectionTrace;
import io.kdp.linux.Backlog;
import io.kdp.linux.FrameTap;

/**
 * Captures the frames of one trace: {@link #start} puts a {@link FrameRecorder} on the cluster's
 * backlog (beside any tap already there), {@link #finish} takes it off and ties the frames to the
 * trace's steps.
 *
 * <pre>{@code
 * CaptureSession s = CaptureSession.start(cluster);
 * ConnectionTrace t = new ConnectionTracer(cluster).trace(from, to, proto, seed);
 * TraceCapture capture = s.finish(t);
 * }</pre>
 */
public final class CaptureSession implements AutoCloseable {
    private final Backlog backlog;
    private final FrameTap previous;
    private final FrameRecorder recorder = new FrameRecorder();
    private boolean open = true;

    private CaptureSession(Backlog backlog) {
        this.backlog = backlog;
        this.previous = backlog.tap();
        backlog.tap(previous == FrameTap.NONE ? recorder : (d, o, f, t) -> {
            previous.frame(d, o, f, t);
            recorder.frame(d, o, f, t);
        });
    }

    /** Starts capturing every frame on every device of {@code cluster}. */
    public static CaptureSession start(Cluster cluster) {
        return new CaptureSession(cluster.backlog());
    }

    /** Stops capturing and returns the frames of {@code trace}, which must be the only traffic since {@link #start}. */
    public TraceCapture finish(ConnectionTrace trace) {
        close();
        return TraceCapture.align(trace, recorder.take());
    }

    /** Stops capturing and puts the previous tap back. */
    @Override
    public void close() {
        if (!open) return;
        open = false;
        backlog.tap(previous);
    }
}
