package io.kdp.linux.ipset;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ipset restore} input: one command per line ({@code create}, {@code add}, {@code del},
 * {@code test}, {@code flush}, {@code destroy}, {@code rename}, {@code swap}, optionally with
 * {@code -exist}), blank lines and {@code #} comments skipped, {@code COMMIT} accepted. The first
 * failing line ends the run (ipset restores are not transactional either: earlier lines stay).
 */
final class IpsetRestore {
    private IpsetRestore() {}

    static void run(IpSets sets, String text) throws IpsetRestoreException {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.equals("COMMIT")) continue;
            try {
                runLine(sets, line);
            } catch (IpsetException e) {
                throw new IpsetRestoreException(i + 1, e.getMessage());
            }
        }
    }

    static void runLine(IpSets sets, String line) {
        List<String> w = new ArrayList<>(List.of(line.split("\\s+")));
        boolean exist = w.remove("-exist") | w.remove("-!");
        String cmd = w.get(0);
        switch (cmd) {
            case "create", "-N", "n" -> {
                args(w, 3, cmd);
                sets.create(w.get(1), w.get(2), w.subList(3, w.size()), exist);
            }
            case "add", "-A", "a" -> {
                exactly(w, 3, cmd);
                sets.add(w.get(1), w.get(2), exist);
            }
            case "del", "-D", "d" -> {
                exactly(w, 3, cmd);
                sets.del(w.get(1), w.get(2), exist);
            }
            case "test", "-T", "t" -> {
                exactly(w, 3, cmd);
                if (!sets.test(w.get(1), w.get(2))) throw new IpsetException(w.get(2) + " is NOT in set " + w.get(1) + ".");
            }
            case "flush", "-F" -> sets.flush(w.size() > 1 ? w.get(1) : null);
            case "destroy", "-X", "x" -> sets.destroy(w.size() > 1 ? w.get(1) : null);
            case "rename", "-E", "e" -> {
                exactly(w, 3, cmd);
                sets.rename(w.get(1), w.get(2));
            }
            case "swap", "-W", "w" -> {
                exactly(w, 3, cmd);
                sets.swap(w.get(1), w.get(2));
            }
            default -> throw new IpsetException("No command specified: unknown argument " + cmd);
        }
    }

    private static void args(List<String> w, int min, String cmd) {
        if (w.size() < min) throw new IpsetException("Syntax error: " + cmd + " needs " + (min - 1) + " arguments");
    }

    private static void exactly(List<String> w, int n, String cmd) {
        args(w, n, cmd);
        if (w.size() > n) throw new IpsetException("Unknown argument: `" + w.get(n) + "'");
    }
}
