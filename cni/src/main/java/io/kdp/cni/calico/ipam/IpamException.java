package io.kdp.cni.calico.ipam;

/** An IPAM request Calico refuses, with the message Calico gives. */
public final class IpamException extends RuntimeException {
    public IpamException(String message) {
        super(message);
    }
}
