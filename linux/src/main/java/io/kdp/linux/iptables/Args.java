package io.kdp.linux.iptables;

import java.util.List;

/** A cursor over the words of one iptables command line. */
final class Args {
    private final List<String> words;
    private int pos;

    Args(List<String> words, int start) {
        this.words = words;
        this.pos = start;
    }

    boolean hasNext() { return pos < words.size(); }

    String peek() { return pos < words.size() ? words.get(pos) : null; }

    String next() { return words.get(pos++); }

    /** The argument of {@code option}; missing arguments fail as iptables reports them. */
    String value(String option) throws RuleSyntaxException {
        if (pos >= words.size()) throw new RuleSyntaxException("option \"" + option + "\" requires an argument");
        return words.get(pos++);
    }
}
