package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/** {@code -m comment --comment text} (xt_comment.c): always matches; at most 255 characters. */
public record CommentMatch(String comment) implements Match {
    @Override
    public String module() { return "comment"; }

    @Override
    public void save(StringBuilder sb) {
        sb.append(" --comment");
        XtParse.saveString(sb, comment);
    }

    @Override
    public boolean matches(SkBuff skb, Hook hook, Iptables ipt) {
        return true;
    }

    static final class Builder implements MatchBuilder {
        private String comment;

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            if (!option.equals("--comment")) return false;
            if (comment != null) throw new RuleSyntaxException("multiple --comment flags not allowed");
            if (invert) throw new RuleSyntaxException("cannot invert --comment");
            comment = args.value(option);
            if (comment.length() > 255) throw new RuleSyntaxException("comment may not exceed 255 characters");
            return true;
        }

        @Override
        public Match build(RuleBase base) throws RuleSyntaxException {
            if (comment == null) throw new RuleSyntaxException("comment: option \"--comment\" must be specified");
            return new CommentMatch(comment);
        }
    }
}
