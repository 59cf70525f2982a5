package io.kdp.k8s.policy;

import io.kdp.k8s.model.IPBlock;
import io.kdp.packet.Cidr;
import java.util.List;

/** A compiled {@link IPBlock}: an address matches when it is in {@code cidr} and in none of {@code except}. */
public record IpBlockMatcher(Cidr cidr, List<Cidr> except) {
    public IpBlockMatcher {
        except = List.copyOf(except);
    }

    /**
     * Compiles a block, checking what ValidateIPBlock checks; {@code field} (e.g.
     * {@code NetworkPolicy x/p: spec.ingress[0].from[1].ipBlock}) prefixes error messages.
     */
    static IpBlockMatcher compile(IPBlock block, String field) {
        Cidr cidr = parse(block.cidr(), field + ".cidr");
        Cidr[] except = new Cidr[block.except().size()];
        for (int i = 0; i < except.length; i++) {
            String text = block.except().get(i);
            Cidr c = parse(text, field + ".except[" + i + "]");
            if (!cidr.contains(c) || c.prefixLength() <= cidr.prefixLength()) {
                throw new PolicyException(field + ".except[" + i + "]: invalid value \"" + text
                        + "\": must be a strict subset of cidr \"" + block.cidr() + "\"");
            }
            except[i] = c;
        }
        return new IpBlockMatcher(cidr, List.of(except));
    }

    private static Cidr parse(String text, String field) {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PolicyException(field + ": invalid CIDR \"" + text + "\": " + e.getMessage());
        }
    }

    public boolean matches(int address) {
        if (!cidr.contains(address)) return false;
        for (Cidr c : except) {
            if (c.contains(address)) return false;
        }
        return true;
    }
}
