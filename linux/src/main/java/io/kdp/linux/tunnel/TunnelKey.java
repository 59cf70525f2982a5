package io.kdp.linux.tunnel;

import io.kdp.packet.Ip4;

/**
 * The per-packet tunnel metadata of a collect-metadata ("external") tunnel device (struct
 * ip_tunnel_key behind a metadata_dst): what {@code bpf_skb_set_tunnel_key} writes before a program
 * redirects a frame to the device, and what {@code bpf_skb_get_tunnel_key} reads on a frame the
 * device received.
 *
 * @param vni      the tunnel id (VXLAN VNI)
 * @param remote   outer destination on transmit, outer source on receive
 * @param ttl      outer TTL, 0 for the route's hop limit
 * @param zeroCsum BPF_F_ZERO_CSUM_TX: send the outer UDP checksum as 0
 */
public record TunnelKey(int vni, int remote, int ttl, boolean zeroCsum) {
    public TunnelKey {
        if (vni < 0 || vni > 0xffffff) throw new IllegalArgumentException("tunnel id " + vni + " does not fit in 24 bits");
        if (ttl < 0 || ttl > 255) throw new IllegalArgumentException("tunnel ttl " + ttl + " is out of range");
    }

    @Override
    public String toString() {
        return "id " + vni + " remote " + Ip4.format(remote) + (ttl != 0 ? " ttl " + ttl : "") + (zeroCsum ? " nocsum" : "");
    }
}
