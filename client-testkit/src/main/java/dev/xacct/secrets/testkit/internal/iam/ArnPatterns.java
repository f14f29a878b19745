package dev.xacct.secrets.testkit.internal.iam;

/** Matches an ARN against an ARN pattern as the Resource element and the Arn* condition operators do. */
final class ArnPatterns {

    private static final int ARN_PARTS = 6;

    private ArnPatterns() {
    }

    /**
     * Each of the six colon-separated parts is globbed on its own (so a wildcard cannot swallow a colon before the
     * resource part); if either side is not a six-part ARN, the whole strings are globbed. Case-sensitive.
     */
    static boolean matches(String pattern, String value) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] patternParts = pattern.split(":", ARN_PARTS);
        String[] valueParts = value.split(":", ARN_PARTS);
        if (patternParts.length != ARN_PARTS || valueParts.length != ARN_PARTS) {
            return Wildcards.matches(pattern, value, false);
        }
        for (int i = 0; i < ARN_PARTS; i++) {
            if (!Wildcards.matches(patternParts[i], valueParts[i], false)) {
                return false;
            }
        }
        return true;
    }
}
