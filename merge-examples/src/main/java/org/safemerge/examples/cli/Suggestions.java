package org.safemerge.examples.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** "Did you mean": the known names closest to a mistyped one (typos, swapped letters, unfinished names). */
final class Suggestions {
    private static final int MAX = 3;

    private Suggestions() {
    }

    /**
     * The candidates within a few edits of {@code typed} (the closest first), or starting with it; leading dashes and
     * case are ignored. Empty when nothing is close.
     */
    static List<String> closest(String typed, Collection<String> candidates) {
        String key = bare(typed);
        if (key.isEmpty()) {
            return List.of();
        }
        int allowed = Math.max(1, Math.min(3, key.length() / 3));
        List<String> found = new ArrayList<>();
        for (int distance = 0; distance <= allowed; distance++) {
            for (String candidate : candidates) {
                if (!found.contains(candidate) && distance(key, bare(candidate)) == distance) {
                    found.add(candidate);
                }
            }
        }
        for (String candidate : candidates) {
            if (key.length() >= 2 && bare(candidate).startsWith(key) && !found.contains(candidate)) {
                found.add(candidate);
            }
        }
        return List.copyOf(found.subList(0, Math.min(MAX, found.size())));
    }

    private static String bare(String name) {
        int start = 0;
        while (start < name.length() && name.charAt(start) == '-') {
            start++;
        }
        return name.substring(start).toLowerCase(Locale.ROOT);
    }

    /** Edits (insert, delete, replace, swap two neighbours) that turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
