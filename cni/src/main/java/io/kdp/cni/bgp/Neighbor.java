package io.kdp.cni.bgp;

import io.kdp.packet.Ip4;

/**
 * One end of a BGP session as the local speaker configures it (a BIRD {@code protocol bgp}):
 * its name, the remote speaker, and whether the remote is this speaker's route-reflector client.
 * The session is internal (iBGP) when both speakers are in the same AS.
 */
public final class Neighbor {
    /** BIRD's default preference for BGP routes. */
    public static final int BGP_PREFERENCE = 100;

    private final String name;
    private final BgpSpeaker local;
    private final BgpSpeaker remote;
    private final boolean rrClient;
    Neighbor reverse;

    Neighbor(String name, BgpSpeaker local, BgpSpeaker remote, boolean rrClient) {
        this.name = name;
        this.local = local;
        this.remote = remote;
        this.rrClient = rrClient;
    }

    /** The protocol name, e.g. {@code Mesh_192_168_49_3}. */
    public String name() {
        return name;
    }

    public BgpSpeaker local() {
        return local;
    }

    public BgpSpeaker remote() {
        return remote;
    }

    /** {@code rr client}: the remote is a client of this (reflecting) speaker. */
    public boolean rrClient() {
        return rrClient;
    }

    /** The other end of the session. */
    public Neighbor reverse() {
        return reverse;
    }

    public boolean isExternal() {
        return local.asn() != remote.asn();
    }

    /** The neighbor address (the remote speaker's address). */
    public int address() {
        return remote.address();
    }

    @Override
    public String toString() {
        return name + " (" + Ip4.format(address()) + " AS" + remote.asn() + (rrClient ? ", rr client" : "") + ")";
    }
}
