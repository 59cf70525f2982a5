package io.kdp.linux.ipvs;

/** An ipvsadm command the kernel refuses, with ipvs_strerror's message ("Service already exists"). */
public class IpvsException extends IllegalArgumentException {
    public IpvsException(String message) {
        super(message);
    }
}
