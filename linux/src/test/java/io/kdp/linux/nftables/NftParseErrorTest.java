package io.kdp.linux.nftables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input: exact messages with file, line and columns; nothing of a failed batch stays. */
class NftParseErrorTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            table ip t {\\n chain c {\\n  ip daddr 1.2.3.4 frob accept\\n }\\n}           | f.nft:3:20-23: Error: unknown word "frob", expecting a match or statement
            add table ip t\\nadd chain ip t c\\nadd rule ip t c jump nowhere             | f.nft:3:22-28: Error: Could not process rule: No such file or directory
            frobnicate table ip t                                                          | f.nft:1:1-10: Error: unknown word "frobnicate", expecting a command (add, create, insert, delete, destroy, flush, table)
            table ip t { chain c { ip saddr 10.0.0.300 drop; } }                           | f.nft:1:33-42: Error: Could not parse IPv4 address "10.0.0.300"
            table ip t { chain c { type nat hook output priority dstnat; } }               | f.nft:1:54-59: Error: 'dstnat' is invalid priority in this context.
            table ip t { chain c { type nat hook forward priority 0; } }                   | f.nft:1:20-20: Error: Could not process rule: Operation not supported
            table ip t { chain c { dnat to 10.0.0.1:8080; } }                              | f.nft:1:32-44: Error: transport protocol mapping is only valid after transport protocol match
            table ip t { chain c { meta nfproto ipv4 accept; } }                           | f.nft:1:24-35: Error: meta nfproto is only useful in the inet family
            table ip t { set s { type ipv4_addr; elements = { 10.0.0.0/8 } } }             | f.nft:1:51-60: Error: You must add 'flags interval' to your set declaration if you want to add prefix or range elements
            table ip t { set s { type ipv4_addr; }\\n chain c { ip saddr @s tcp dport @s accept; } } | f.nft:2:34-35: Error: datatype mismatch, expected ipv4_addr, expression has type inet_service
            table ip t { chain c { ct state nouveau accept; } }                            | f.nft:1:33-39: Error: Could not parse conntrack state "nouveau"
            table ip t { chain c { comment "unterminated; } }                              | f.nft:1:32-32: Error: unterminated string
            """)
    void reportsPositionAndWord(String input, String message) {
        Nftables nft = Nftables.detached();
        assertThatThrownBy(() -> nft.load("f.nft", input.replace("\\n", "\n")))
                .isInstanceOf(NftException.class)
                .hasMessage(message);
    }

    @Test
    void aFailingBatchChangesNothing() {
        Nftables nft = Nftables.detached();
        nft.load("add table ip t\nadd chain ip t c\nadd rule ip t c accept\n");
        String before = nft.listRuleset();
        assertThatThrownBy(() -> nft.load("b.nft", "flush chain ip t c\nadd rule ip t c drop\nadd table ip u\nadd rule ip t c jump missing\n"))
                .hasMessage("b.nft:4:22-28: Error: Could not process rule: No such file or directory");
        assertThat(nft.listRuleset()).isEqualTo(before);
    }

    @Test
    void busyChainsAndSetsCannotBeDeleted() {
        Nftables nft = Nftables.detached();
        nft.load("add table ip t\nadd chain ip t a\nadd chain ip t b\nadd rule ip t a jump b\nadd set ip t s { type ipv4_addr ; }\nadd rule ip t a ip saddr @s drop\n");
        assertThatThrownBy(() -> nft.load("d.nft", "delete chain ip t b"))
                .hasMessage("d.nft:1:19-19: Error: Could not process rule: Device or resource busy");
        assertThatThrownBy(() -> nft.load("d.nft", "delete set ip t s"))
                .hasMessage("d.nft:1:17-17: Error: Could not process rule: Device or resource busy");
        nft.load("flush chain ip t a\ndelete chain ip t b\ndelete set ip t s\n");
        assertThat(nft.listRuleset()).isEqualTo("table ip t {\n\tchain a {\n\t}\n}\n");
    }
}
