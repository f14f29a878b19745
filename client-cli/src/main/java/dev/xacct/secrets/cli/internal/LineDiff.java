package dev.xacct.secrets.cli.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A readable diff of two texts, line by line: {@code "  "} for a line both have, {@code "- "} for one only the first
 * has, {@code "+ "} for one only the second has. A longest common subsequence, which is plenty for policies of a few
 * hundred lines.
 */
public final class LineDiff {

    private LineDiff() {}

    /**
     * The diff of two texts.
     *
     * @param before the first text
     * @param after the second text
     * @return one entry per line, each with its prefix
     */
    public static List<String> of(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                lines.add("  " + a.get(i++));
                j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                lines.add("- " + a.get(i++));
            } else {
                lines.add("+ " + b.get(j++));
            }
        }
        while (i < a.size()) {
            lines.add("- " + a.get(i++));
        }
        while (j < b.size()) {
            lines.add("+ " + b.get(j++));
        }
        return lines;
    }
}
