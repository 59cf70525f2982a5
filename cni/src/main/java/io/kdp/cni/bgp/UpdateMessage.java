package io.kdp.cni.bgp;

import io.kdp.packet.Cidr;
import java.util.List;

/**
 * A BGP UPDATE (RFC 4271 section 4.3): withdrawn routes, and the NLRI that share one set of path
 * attributes. {@code attributes} is null when the message only withdraws.
 */
public record UpdateMessage(List<Cidr> withdrawnRoutes, PathAttributes attributes, List<Cidr> nlri) {
    public UpdateMessage {
        withdrawnRoutes = List.copyOf(withdrawnRoutes);
        nlri = List.copyOf(nlri);
        if (!nlri.isEmpty() && attributes == null) throw new IllegalArgumentException("NLRI need path attributes");
        if (nlri.isEmpty() && withdrawnRoutes.isEmpty()) throw new IllegalArgumentException("an UPDATE carries routes");
    }

    public static UpdateMessage withdraw(List<Cidr> prefixes) {
        return new UpdateMessage(prefixes, null, List.of());
    }

    public static UpdateMessage announce(PathAttributes attributes, List<Cidr> prefixes) {
        return new UpdateMessage(List.of(), attributes, prefixes);
    }
}
