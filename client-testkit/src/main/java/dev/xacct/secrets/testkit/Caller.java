package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import dev.xacct.secrets.testkit.internal.iam.PrincipalInfo;
import java.util.List;

/** Who signed a request: an IAM user, or a session of an assumed role (with its optional session policy). */
final class Caller {

    private final IamUser user;
    private final IamRole role;
    private final String sessionName;
    private final PolicyDocument sessionPolicy;

    private Caller(IamUser user, IamRole role, String sessionName, PolicyDocument sessionPolicy) {
        this.user = user;
        this.role = role;
        this.sessionName = sessionName;
        this.sessionPolicy = sessionPolicy;
    }

    static Caller user(IamUser user) {
        return new Caller(user, null, null, null);
    }

    static Caller session(IamRole role, String sessionName, PolicyDocument sessionPolicy) {
        return new Caller(null, role, sessionName, sessionPolicy);
    }

    private Principal principal() {
        return user != null ? user : role;
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
                : "arn:aws:sts::" + accountId() + ":assumed-role/" + role.name() + "/" + sessionName;
    }

    String userId() {
        return user != null ? user.uniqueId() : role.uniqueId() + ":" + sessionName;
    }

    IamRole role() {
        return role;
    }

    boolean isUser() {
        return user != null;
    }

    List<PolicyDocument> identityPolicies() {
        return principal().identityPolicies();
    }

    PolicyDocument boundary() {
        return principal().boundary();
    }

    PolicyDocument sessionPolicy() {
        return sessionPolicy;
    }

    PrincipalInfo principalInfo() {
        return new PrincipalInfo("aws", accountId(),
                user != null ? PrincipalInfo.Kind.USER : PrincipalInfo.Kind.ASSUMED_ROLE,
                arn(), role == null ? null : role.arn(), userId(), user == null ? null : user.name(),
                account().organization().orElse(null), account().organizationPath().orElse(null),
                principal().tags());
    }
}
