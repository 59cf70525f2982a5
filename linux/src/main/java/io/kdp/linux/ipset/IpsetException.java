package io.kdp.linux.ipset;

/** An ipset command refused or not understood, with the message ipset 7.17 prints for it. */
public class IpsetException extends IllegalArgumentException {
    public IpsetException(String message) {
        super(message);
    }
}
