package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An IAM role: a trust policy saying who may assume it, identity policies, an optional permissions boundary and a
 * maximum session duration. Created by {@link Account#createRole(String)}.
 */
public final class IamRole extends Principal {

    private final String path;
    private volatile StoredPolicy trustPolicy;
    private volatile Duration maxSessionDuration = Duration.ofHours(1);

    IamRole(Account account, String path, String name) {
        super(account, name, "AROA");
        this.path = path;
        this.trustPolicy = PolicyValidator.store(
                account.world(), PolicyKind.TRUST_POLICY, "trust policy", Policies.trust(account.rootArn()));
    }

    @Override
    public String arn() {
        return "arn:aws:iam::" + account().id() + ":role" + path + name();
    }

    /** {@return the role path, {@code /} by default} */
    public String path() {
        return path;
    }

    /**
     * Replaces the trust policy, as IAM {@code UpdateAssumeRolePolicy} would (by default it trusts the role's own
     * account, that is, any of its principals whose identity policy allows {@code sts:AssumeRole} on the role).
     *
     * @param policyJson the whole trust policy as JSON
     * @return this role
     * @throws AwsRefusedException if IAM would refuse it: a principal that does not exist (a role ARN without its
     *     path included), a partial wildcard, a Resource element, a statement without Principal
     */
    public IamRole trustPolicy(String policyJson) {
        this.trustPolicy = PolicyValidator.store(
                account().world(), PolicyKind.TRUST_POLICY, "trust policy of " + arn(), policyJson);
        return this;
    }

    /**
     * Merges {@code statementJson} into the trust policy, as a role's owner would with {@code get-role} and
     * {@code update-assume-role-policy}: appended unless an equal statement is there, no other statement touched.
     *
     * @param statementJson one statement, a JSON object, with a Principal and no Resource
     * @return whether the policy changed
     * @throws AwsRefusedException if IAM would refuse the merged policy
     */
    public synchronized boolean mergeTrustPolicyStatement(String statementJson) {
        java.util.Optional<String> merged = Policies.merge(trustPolicy(), statementJson);
        merged.ifPresent(this::trustPolicy);
        return merged.isPresent();
    }

    /** {@return the trust policy as JSON, as IAM returns it (a principal deleted since shows as its unique id)} */
    public String trustPolicy() {
        return trustPolicy.json();
    }

    /**
     * Sets the longest session {@code AssumeRole} may grant, 1 to 12 hours; by default 1 hour.
     *
     * @param duration from 1 to 12 hours
     * @return this role
     * @throws IllegalArgumentException if the duration is outside 1 to 12 hours
     */
    public IamRole maxSessionDuration(Duration duration) {
        if (duration.compareTo(Duration.ofHours(1)) < 0 || duration.compareTo(Duration.ofHours(12)) > 0) {
            throw new IllegalArgumentException("maxSessionDuration must be between 1 and 12 hours, was: " + duration);
        }
        this.maxSessionDuration = duration;
        return this;
    }

    /**
     * Starts a session of this role directly, as the environment of an application that runs as the role (an instance
     * profile, a task role) does, without calling STS and so without the trust policy: temporary credentials
     * ({@code ASIA…} with a session token) valid for the role's maximum session duration.
     *
     * @param sessionName the session name, 2-64 characters of letters, digits and +=,.@_-
     * @param sessionPolicyJson an inline session policy that limits the session, or {@code null}
     * @return the session's temporary credentials, with a session token
     * @throws IllegalArgumentException if the session name is not valid
     *
     * @throws AwsRefusedException if the session policy is not valid
     */
    public AccessKey startSession(String sessionName, @Nullable String sessionPolicyJson) {
        if (sessionName == null || !sessionName.matches("[\\w+=,.@-]{2,64}")) {
            throw new IllegalArgumentException(
                    "sessionName must be 2-64 characters of letters, digits and +=,.@_-, " + "was: " + sessionName);
        }
        World world = account().world();
        return issueSession(
                sessionName,
                sessionPolicyJson == null
                        ? null
                        : PolicyValidator.store(world, PolicyKind.SESSION_POLICY, "session policy", sessionPolicyJson)
                                .document(),
                world.clock().instant().plus(maxSessionDuration).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** Issues and registers the credentials of a new session. */
    AccessKey issueSession(String sessionName, @Nullable PolicyDocument sessionPolicy, java.time.Instant expiration) {
        World world = account().world();
        AccessKey key = new AccessKey(
                "ASIA" + world.randomChars(Ids.UPPER_ALNUM, 16),
                world.randomChars(Ids.ALNUM + "+/", 40),
                "IQoJb3JpZ2luX2VjE" + world.randomChars(Ids.ALNUM + "+/", 160));
        world.credentials().register(key, Caller.session(this, sessionName, sessionPolicy), expiration);
        return key;
    }

    Duration maxSessionDuration() {
        return maxSessionDuration;
    }

    PolicyDocument trustPolicyDocument() {
        return trustPolicy.document();
    }

    @Override
    public IamRole putPolicy(String policyName, String policyJson) {
        super.putPolicy(policyName, policyJson);
        return this;
    }

    @Override
    public IamRole deletePolicy(String policyName) {
        super.deletePolicy(policyName);
        return this;
    }

    @Override
    public IamRole permissionsBoundary(@Nullable String policyJson) {
        super.permissionsBoundary(policyJson);
        return this;
    }
}
