package dev.xacct.secrets.testkit;

import org.jspecify.annotations.Nullable;

/** An IAM user, which can hold long-term access keys. Created by {@link Account#createUser(String)}. */
public final class IamUser extends Principal {

    IamUser(Account account, String name) {
        super(account, name, "AIDA");
    }

    @Override
    public String arn() {
        return "arn:aws:iam::" + account().id() + ":user/" + name();
    }

    /**
     * Issues a new long-term access key ({@code AKIA…}) for this user, with values from the world's random source.
     *
     * @return the new key, which the emulator accepts from now on
     */
    public AccessKey createAccessKey() {
        World world = account().world();
        AccessKey key = new AccessKey(
                "AKIA" + world.randomChars(Ids.UPPER_ALNUM, 16), world.randomChars(Ids.ALNUM + "+/", 40), null);
        world.credentials().register(key, Caller.user(this), null);
        return key;
    }

    /**
     * Registers a long-term access key with the given, documented values (for a standalone emulator whose users
     * are told the keys in advance).
     *
     * @param accessKeyId {@code AKIA} and 16 upper-case letters or digits
     * @param secretAccessKey at least 16 characters
     * @return the registered key
     * @throws IllegalArgumentException if the id is not {@code AKIA} plus 16 upper-case letters or digits, or the
     *     secret is shorter than 16 characters
     */
    public AccessKey createAccessKey(String accessKeyId, String secretAccessKey) {
        if (accessKeyId == null || !accessKeyId.matches("AKIA[A-Z0-9]{16}")) {
            throw new IllegalArgumentException(
                    "accessKeyId must be AKIA and 16 upper-case letters or digits, was: " + accessKeyId);
        }
        if (secretAccessKey == null || secretAccessKey.length() < 16) {
            throw new IllegalArgumentException("secretAccessKey must have at least 16 characters");
        }
        AccessKey key = new AccessKey(accessKeyId, secretAccessKey, null);
        account().world().credentials().register(key, Caller.user(this), null);
        return key;
    }

    /**
     * Revokes an access key of this user: later requests signed with it are rejected as unknown.
     *
     * @param key a key issued for this user
     */
    public void deleteAccessKey(AccessKey key) {
        account().world().credentials().revoke(key.accessKeyId());
    }

    @Override
    public IamUser putPolicy(String policyName, String policyJson) {
        super.putPolicy(policyName, policyJson);
        return this;
    }

    @Override
    public IamUser deletePolicy(String policyName) {
        super.deletePolicy(policyName);
        return this;
    }

    @Override
    public IamUser permissionsBoundary(@Nullable String policyJson) {
        super.permissionsBoundary(policyJson);
        return this;
    }
}
