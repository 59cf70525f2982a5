package io.kdp.linux.bpf;

/** Where on a device a tc (clsact) program runs. */
public enum TcDirection {
    /** sch_handle_ingress: after packet taps saw the frame, before the bridge or the IP stack. */
    INGRESS,
    /** sch_handle_egress: in dev_queue_xmit, before packet taps and the wire. */
    EGRESS
}
