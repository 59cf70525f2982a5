package io.kdp.linux.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The writer against golden listings taken from nftables 1.0.6, round trips, and the real nft. */
class NftFormatTest {
    static String resource(String name) throws IOException {
        try (InputStream in = NftFormatTest.class.getResourceAsStream("/nftables/" + name)) {
            if (in == null) throw new IOException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String list(String input) {
        Nftables nft = Nftables.detached();
        nft.load("test.nft", input);
        return nft.listRuleset();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kube-proxy", "user-ruleset"})
    void listingMatchesWhatNftPrinted(String name) throws IOException {
        String input = resource(name.equals("kube-proxy") ? "kube-proxy-transaction.nft" : name + ".nft");
        assertThat(list(input)).isEqualTo(resource(name + "-list.golden"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kube-proxy-list.golden", "user-ruleset-list.golden", "kube-proxy-traced.nft"})
    void listingRoundTrips(String name) throws IOException {
        String once = list(resource(name));
        assertThat(list(once)).isEqualTo(once);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kube-proxy-transaction.nft", "user-ruleset.nft", "kube-proxy-traced.nft", "priorities.nft"})
    void listingEqualsRealNft(String name) throws IOException {
        RealNft.assumeAvailable();
        String input = resource(name);
        assertThat(sortElements(list(input))).isEqualTo(sortElements(RealNft.loadAndList(input)));
    }

    /**
     * The kernel's hash sets list their elements in hash order, random per namespace, so the
     * comparison with the real nft sorts each {@code elements = { ... }} list (and undoes its wrapping).
     */
    static String sortElements(String listing) {
        var m = java.util.regex.Pattern.compile("elements = \\{ (.*?) \\}\n", java.util.regex.Pattern.DOTALL).matcher(listing);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String[] parts = m.group(1).split(",\\s+");
            java.util.Arrays.sort(parts);
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement("elements = { " + String.join(", ", parts) + " }\n"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    @Test
    void handlesAreListedWithDashA() {
        Nftables nft = Nftables.detached();
        nft.load("add table ip t\nadd chain ip t c\nadd rule ip t c accept\nadd set ip t s { type ipv4_addr ; }\n");
        assertThat(nft.listRuleset(true)).isEqualTo("""
                table ip t { # handle 1
                \tset s { # handle 3
                \t\ttype ipv4_addr
                \t}

                \tchain c { # handle 1
                \t\taccept # handle 2
                \t}
                }
                """);
    }

    @Test
    void largeSetsWrapAsNftDoes() {
        String out = list("table ip t { set a { type ipv4_addr; elements = { 1.1.1.1, 2.2.2.2, 3.3.3.3 } }\n"
                + " set p { type inet_service; elements = { 9, 8, 7, 6, 5, 4 } } }");
        assertThat(out).contains("\t\telements = { 1.1.1.1, 2.2.2.2,\n\t\t\t     3.3.3.3 }\n")
                .contains("\t\telements = { 4, 5, 6, 7, 8,\n\t\t\t     9 }\n");
    }

    @Test
    void deleteAndFlushCommandsAsKnftablesSendsThem() {
        Nftables nft = Nftables.detached();
        nft.load("add table ip kp\nadd chain ip kp a\nadd chain ip kp b\nadd rule ip kp a jump b\n"
                + "add map ip kp m { type ipv4_addr . inet_proto . inet_service : verdict ; }\n"
                + "add element ip kp m { 10.0.0.1 . tcp . 80 : goto b }\n");
        nft.load("delete element ip kp m { 10.0.0.1 . tcp . 80 }\nflush chain ip kp a\ndelete chain ip kp b\n");
        assertThat(nft.listRuleset()).isEqualTo("""
                table ip kp {
                \tmap m {
                \t\ttype ipv4_addr . inet_proto . inet_service : verdict
                \t}

                \tchain a {
                \t}
                }
                """);
    }
}
