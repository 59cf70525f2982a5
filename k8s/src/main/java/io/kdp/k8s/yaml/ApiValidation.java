package io.kdp.k8s.yaml;

import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.regex.Pattern;

/**
 * Value checks of k8s.io/apimachinery/pkg/util/validation, each returning null when valid or the message
 * to report. kdp models IPv4 only, so IP and CIDR checks accept IPv4 and say so for IPv6.
 */
public final class ApiValidation {
    private ApiValidation() {}

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern IANA_SVC_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    /** RFC 1123 label: namespace names, label-name parts. */
    public static String dns1123Label(String v) {
        if (v.length() > 63 || !DNS1123_LABEL.matcher(v).matches()) {
            return "invalid value \"" + v + "\": a lowercase RFC 1123 label must consist of lower case alphanumeric"
                    + " characters or '-', start and end with an alphanumeric character, and be at most 63 characters";
        }
        return null;
    }

    /** RFC 1123 subdomain: names of pods, nodes, endpoint slices, network policies. */
    public static String dns1123Subdomain(String v) {
        if (v.length() > 253 || !DNS1123_SUBDOMAIN.matcher(v).matches()) {
            return "invalid value \"" + v + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                    + " characters, '-' or '.', start and end with an alphanumeric character, and be at most 253 characters";
        }
        return null;
    }

    /** RFC 1035 label: service names (ValidateServiceName). */
    public static String dns1035Label(String v) {
        if (v.length() > 63 || !DNS1035_LABEL.matcher(v).matches()) {
            return "invalid value \"" + v + "\": a DNS-1035 label must consist of lower case alphanumeric characters"
                    + " or '-', start with an alphabetic character, end with an alphanumeric character, and be at most 63 characters";
        }
        return null;
    }

    /** IANA_SVC_NAME (RFC 6335): named ports and named targetPorts. */
    public static String ianaSvcName(String v) {
        if (v.length() > 15 || !IANA_SVC_NAME.matcher(v).matches() || v.contains("--") || v.chars().noneMatch(Character::isLetter)) {
            return "invalid value \"" + v + "\": a port name must be an IANA_SVC_NAME: at most 15 lower case alphanumeric"
                    + " characters or '-', containing at least one letter, with no leading, trailing or adjacent '-'";
        }
        return null;
    }

    /** Label and annotation keys: an optional DNS-1123 subdomain prefix and a '/' before a qualified name. */
    public static String qualifiedName(String v) {
        String name = v;
        int slash = v.indexOf('/');
        if (slash >= 0) {
            String prefix = v.substring(0, slash);
            name = v.substring(slash + 1);
            if (prefix.isEmpty() || dns1123Subdomain(prefix) != null) {
                return "invalid key \"" + v + "\": the prefix before '/' must be a DNS-1123 subdomain";
            }
        }
        if (name.isEmpty() || name.length() > 63 || !QUALIFIED_NAME.matcher(name).matches()) {
            return "invalid key \"" + v + "\": a qualified name must consist of alphanumeric characters, '-', '_' or '.',"
                    + " start and end with an alphanumeric character, and be at most 63 characters";
        }
        return null;
    }

    /** Label values: empty or a qualified-name-like string of at most 63 characters. */
    public static String labelValue(String v) {
        if (!v.isEmpty() && (v.length() > 63 || !QUALIFIED_NAME.matcher(v).matches())) {
            return "invalid value \"" + v + "\": a label value must be empty or consist of alphanumeric characters, '-', '_'"
                    + " or '.', start and end with an alphanumeric character, and be at most 63 characters";
        }
        return null;
    }

    /** An IPv4 address in dotted-quad form. */
    public static String ip(String v) {
        if (Ip4.isValid(v)) return null;
        if (v.indexOf(':') >= 0) return "invalid value \"" + v + "\": IPv6 is not supported (kdp models IPv4 only)";
        return "invalid value \"" + v + "\": must be a valid IPv4 address";
    }

    /** An IPv4 CIDR; host bits may be set when {@code allowHostBits} (as ParseCIDRSloppy allows). */
    public static String cidr(String v, boolean allowHostBits) {
        if (v.indexOf(':') >= 0) return "invalid value \"" + v + "\": IPv6 is not supported (kdp models IPv4 only)";
        int slash = v.indexOf('/');
        if (slash < 0 || !v.substring(slash + 1).matches("[0-9]{1,2}")) return "invalid value \"" + v + "\": must be a valid IPv4 CIDR (e.g. 10.0.0.0/16)";
        Cidr c;
        try {
            c = Cidr.parse(v);
        } catch (IllegalArgumentException e) {
            return "invalid value \"" + v + "\": must be a valid IPv4 CIDR (e.g. 10.0.0.0/16)";
        }
        if (!allowHostBits && c.address() != c.network()) {
            return "invalid value \"" + v + "\": has host bits set; did you mean \"" + c.toNetwork() + "\"?";
        }
        return null;
    }
}
