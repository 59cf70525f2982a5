package io.kdp.linux.tunnel;

/** Bad {@code ip link add ... type vxlan|ipip} arguments, with the message iproute2 prints. */
public final class TunnelSyntaxException extends IllegalArgumentException {
    public TunnelSyntaxException(String message) {
        super(message);
    }

    /** iproute2's invarg(): {@code Error: argument "ARG" is wrong: WHAT}. */
    static TunnelSyntaxException invarg(String what, String arg) {
        return new TunnelSyntaxException("Error: argument \"" + arg + "\" is wrong: " + what);
    }
}
