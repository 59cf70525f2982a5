package io.kdp.linux.iptables;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a rule line into words the way iptables-restore does (add_param_to_argv): blanks
 * separate words, double quotes group, and inside quotes a backslash takes the next character
 * literally ({@code \"}, {@code \\}, {@code \'}), which is how iptables-save escapes them.
 */
final class Tokenizer {
    private Tokenizer() {}

    static List<String> split(String line) throws RuleSyntaxException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false, escaped = false, sawQuote = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (escaped) {
                    cur.append(c);
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
                sawQuote = true;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (cur.length() > 0 || sawQuote) out.add(cur.toString());
                cur.setLength(0);
                sawQuote = false;
            } else {
                cur.append(c);
            }
        }
        if (quoted) throw new RuleSyntaxException("unterminated quoted string");
        if (cur.length() > 0 || sawQuote) out.add(cur.toString());
        return out;
    }
}
