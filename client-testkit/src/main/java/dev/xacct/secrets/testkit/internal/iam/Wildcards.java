package dev.xacct.secrets.testkit.internal.iam;

/** IAM's glob: {@code *} matches any run of characters (including {@code /} and none), {@code ?} exactly one. */
final class Wildcards {

    private Wildcards() {}

    static boolean matches(String pattern, String value, boolean ignoreCase) {
        return matches(pattern, 0, pattern.length(), value, 0, value.length(), ignoreCase);
    }

    /**
     * Whether {@code pattern[patternFrom, patternTo)} matches {@code value[valueFrom, valueTo)}: a part of each,
     * without cutting out substrings (the ARN matcher globs an ARN part by part).
     */
    static boolean matches(
            String pattern,
            int patternFrom,
            int patternTo,
            String value,
            int valueFrom,
            int valueTo,
            boolean ignoreCase) {
        int p = patternFrom;
        int v = valueFrom;
        int star = -1; // position of the last '*' seen in the pattern
        int starValue = 0; // how far into the value that '*' currently reaches
        // Greedy match with backtracking to the last star only: linear-ish and never recursive, so a hostile
        // pattern cannot blow the stack.
        while (v < valueTo) {
            if (p < patternTo && pattern.charAt(p) == '*') {
                star = p++;
                starValue = v;
            } else if (p < patternTo
                    && (pattern.charAt(p) == '?' || same(pattern.charAt(p), value.charAt(v), ignoreCase))) {
                p++;
                v++;
            } else if (star >= 0) {
                p = star + 1;
                v = ++starValue;
            } else {
                return false;
            }
        }
        while (p < patternTo && pattern.charAt(p) == '*') {
            p++;
        }
        return p == patternTo;
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        return a == b
                || (ignoreCase
                        && (Character.toLowerCase(a) == Character.toLowerCase(b)
                                || Character.toUpperCase(a) == Character.toUpperCase(b)));
    }
}
