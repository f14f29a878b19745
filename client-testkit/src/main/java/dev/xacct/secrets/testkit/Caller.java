package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import dev.xacct.secrets.testkit.internal.iam.PrincipalInfo;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Who signed a request: an IAM user, or a session of an assumed role (with its optional session policy). */
final class Caller {

    private final @Nullable IamUser user;
    private final @Nullable IamRole role;
    private final @Nullable String sessionName;
    private final @Nullable PolicyDocument sessionPolicy;

    private Caller(
            @Nullable IamUser user,
            @Nullable IamRole role,
            @Nullable String sessionName,
            @Nullable PolicyDocument sessionPolicy) {
        this.user = user;
        this.role = role;
        this.sessionName = sessionName;
        this.sessionPolicy = sessionPolicy;
    }

    static Caller user(IamUser user) {
        return new Caller(user, null, null, null);
    }

    static Caller session(IamRole role, String sessionName, @Nullable PolicyDocument sessionPolicy) {
        return new Caller(null, role, sessionName, sessionPolicy);
    }

    private Principal principal() {
        return user != null ? user : sessionRole();
    }

    /** The role of a session: a caller is a user or a role session, never neither. */
    private IamRole sessionRole() {
        return Objects.requireNonNull(role, "a caller that is not a user is a role session");
    }

    Account account() {
        return principal().account();
    }

    String accountId() {
        return account().id();
    }

    /** The ARN AWS names in messages and {@code GetCallerIdentity}: the user ARN or the assumed-role session ARN. */
    String arn() {
        return user != null
                ? user.arn()
                : "arn:aws:sts::" + accountId() + ":assumed-role/"
                        + sessionRole().name() + "/" + sessionName;
    }

    String userId() {
        return user != null ? user.uniqueId() : sessionRole().uniqueId() + ":" + sessionName;
    }

    @Nullable
    IamRole role() {
        return role;
    }

    boolean isUser() {
        return user != null;
    }

    List<PolicyDocument> identityPolicies() {
        return principal().identityPolicies();
    }

    @Nullable
    PolicyDocument boundary() {
        return principal().boundary();
    }

    @Nullable
    PolicyDocument sessionPolicy() {
        return sessionPolicy;
    }

    PrincipalInfo principalInfo() {
        return new PrincipalInfo(
                "aws",
                accountId(),
                user != null ? PrincipalInfo.Kind.USER : PrincipalInfo.Kind.ASSUMED_ROLE,
                arn(),
                role == null ? null : role.arn(),
                userId(),
                user == null ? null : user.name(),
                account().organization().orElse(null),
                account().organizationPath().orElse(null),
                principal().tags());
    }
}
