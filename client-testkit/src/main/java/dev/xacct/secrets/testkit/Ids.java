package dev.xacct.secrets.testkit;

import java.util.regex.Pattern;

/** Validation and generation of the identifiers AWS uses. */
final class Ids {

    static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern IAM_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern SECRET_NAME = Pattern.compile("[\\w/+=.@-]{1,512}");

    private Ids() {}

    static String requireAccountId(String accountId) {
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("accountId must be 12 digits, was: " + accountId);
        }
        return accountId;
    }

    static String requireRegion(String region) {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region must look like us-east-1, was: " + region);
        }
        return region;
    }

    static String requireIamName(String what, String name) {
        if (name == null || !IAM_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    what + " must be 1-64 characters of letters, digits and +=,.@_-, was: " + name);
        }
        return name;
    }

    static String requirePolicyName(String name) {
        if (name == null || !POLICY_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "policy name must be 1-128 characters of letters, digits and +=,.@_-, " + "was: " + name);
        }
        return name;
    }

    static String requireTagKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 128 || key.startsWith("aws:")) {
            throw new IllegalArgumentException("tag key must be 1-128 characters and not start with aws:, was: " + key);
        }
        return key;
    }

    static String requireSecretName(String name) {
        if (name == null || !SECRET_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "secret name must be 1-512 characters of letters, digits and /_+=.@-, was: " + name);
        }
        return name;
    }
}
