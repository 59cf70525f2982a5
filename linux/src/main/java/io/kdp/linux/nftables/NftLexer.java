package io.kdp.linux.nftables;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code nft} input into words, quoted strings, braces, semicolons, commas and newlines,
 * remembering each token's line and columns for error messages. {@code #} starts a comment.
 */
final class NftLexer {
    /** Token kinds. */
    enum Kind { WORD, STRING, LBRACE, RBRACE, SEMI, COMMA, NEWLINE, EOF }

    /** A token; columns are 1-based and inclusive. */
    record Token(Kind kind, String text, int line, int first, int last) {
        boolean is(String word) {
            return kind == Kind.WORD && text.equals(word);
        }

        boolean separator() {
            return kind == Kind.NEWLINE || kind == Kind.SEMI;
        }

        /** How errors quote it. */
        String quoted() {
            return switch (kind) {
                case EOF -> "end of file";
                case NEWLINE -> "newline";
                case STRING -> "\"" + text + "\"";
                default -> "\"" + text + "\"";
            };
        }
    }

    private NftLexer() {}

    static List<Token> tokens(String source, String text) {
        List<Token> out = new ArrayList<>();
        int line = 1, lineStart = 0, i = 0, n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int col = i - lineStart + 1;
            if (c == '\n') {
                out.add(new Token(Kind.NEWLINE, "\n", line, col, col));
                line++;
                lineStart = ++i;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == '\\' && i + 1 < n && text.charAt(i + 1) == '\n') {
                line++;
                i += 2;
                lineStart = i;
            } else if (c == '#') {
                while (i < n && text.charAt(i) != '\n') i++;
            } else if (c == '{' || c == '}' || c == ';' || c == ',') {
                Kind k = c == '{' ? Kind.LBRACE : c == '}' ? Kind.RBRACE : c == ';' ? Kind.SEMI : Kind.COMMA;
                out.add(new Token(k, String.valueOf(c), line, col, col));
                i++;
            } else if (c == '"') {
                int end = text.indexOf('"', i + 1);
                int nl = text.indexOf('\n', i + 1);
                if (end < 0 || (nl >= 0 && nl < end)) throw new NftException(source, line, col, col, "unterminated string");
                out.add(new Token(Kind.STRING, text.substring(i + 1, end), line, col, end - lineStart + 1));
                i = end + 1;
            } else {
                int start = i;
                while (i < n && " \t\r\n{};,\"#".indexOf(text.charAt(i)) < 0) i++;
                String w = text.substring(start, i);
                if (w.length() > 1 && w.endsWith(":") && !w.endsWith("::")) {
                    out.add(new Token(Kind.WORD, w.substring(0, w.length() - 1), line, col, col + w.length() - 2));
                    out.add(new Token(Kind.WORD, ":", line, col + w.length() - 1, col + w.length() - 1));
                } else {
                    out.add(new Token(Kind.WORD, w, line, col, col + w.length() - 1));
                }
            }
        }
        out.add(new Token(Kind.EOF, "", line, i - lineStart + 1, i - lineStart + 1));
        return out;
    }
}
