package dev.xacct.secrets.testkit.internal.iam;

/** Matches an ARN against an ARN pattern as the Resource element and the Arn* condition operators do. */
final class ArnPatterns {

    private static final int ARN_PARTS = 6;

    private ArnPatterns() {}

    /**
     * Each of the six colon-separated parts is globbed on its own (so a wildcard cannot swallow a colon before the
     * resource part); if either side is not a six-part ARN, the whole strings are globbed. Case-sensitive.
     */
    static boolean matches(String pattern, String value) {
        if (pattern.equals("*")) {
            return true;
        }
        // The parts are found by position rather than split out: this runs for every Resource of every statement.
        int[] patternColons = partEnds(pattern);
        int[] valueColons = partEnds(value);
        if (patternColons == null || valueColons == null) {
            return Wildcards.matches(pattern, value, false);
        }
        int patternFrom = 0;
        int valueFrom = 0;
        for (int i = 0; i < ARN_PARTS; i++) {
            if (!Wildcards.matches(pattern, patternFrom, patternColons[i], value, valueFrom, valueColons[i], false)) {
                return false;
            }
            patternFrom = patternColons[i] + 1;
            valueFrom = valueColons[i] + 1;
        }
        return true;
    }

    /**
     * Where each of the six parts ends: the first five colons, then the end (the resource part keeps any further
     * colons, as {@code split(":", 6)} would); {@code null} if there are fewer than five colons.
     */
    private static int[] partEnds(String arn) {
        int[] ends = new int[ARN_PARTS];
        int from = 0;
        for (int i = 0; i < ARN_PARTS - 1; i++) {
            int colon = arn.indexOf(':', from);
            if (colon < 0) {
                return null;
            }
            ends[i] = colon;
            from = colon + 1;
        }
        ends[ARN_PARTS - 1] = arn.length();
        return ends;
    }
}
