package io.kdp.k8s.model;

import java.util.List;

/** networking/v1 IPBlock: {@code cidr} minus the {@code except} CIDRs (each inside {@code cidr}). */
public record IPBlock(String cidr, List<String> except) {
    public IPBlock {
        cidr = Norm.str(cidr);
        except = Norm.list(except);
    }
}
