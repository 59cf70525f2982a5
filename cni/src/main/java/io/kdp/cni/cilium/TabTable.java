package io.kdp.cni.cilium;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/tabwriter as the cilium CLI sets it up ({@code tabwriter.NewWriter(w, 5, 0, 3, ' ', 0)}):
 * every tab-terminated cell is padded with spaces to its column's widest cell plus 3, at least 5.
 * Cilium ends each line with a tab, so the last column is padded too. (A column block runs over
 * consecutive lines that have the cell; kdp's tables have the same cells on every line.)
 */
final class TabTable {
    private final List<String[]> rows = new ArrayList<>();

    void row(String... cells) {
        rows.add(cells);
    }

    String render() {
        int cols = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], Math.max(5, r[i].length() + 3));
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                sb.append(" ".repeat(width[i] - r[i].length()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
