package dev.xacct.secrets.testkit.internal.iam;

import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.APP;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.ASSUME;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.DECRYPT;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.GET;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.KEY;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.LOCAL_KEY;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.LOCAL_SECRET;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.LOCAL_TARGET_ROLE;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.OTHER;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.OWNER;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.ROLE_ARN;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.ROLE_ID;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.ROOT;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.SECRET;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.SESSION;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.SESSION_ARN;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.TARGET_ROLE;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.USER;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.USER_ARN;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.allow;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.assume;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.aws;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.context;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.decrypt;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.defaultKeyPolicy;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.deny;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.grant;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.identity;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.policy;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.q;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.read;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.refuse;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.request;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.secretsManagerKeyPolicy;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.viaSecretsManager;
import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.when;
import static dev.xacct.secrets.testkit.internal.iam.PolicyType.IDENTITY_BASED;
import static dev.xacct.secrets.testkit.internal.iam.PolicyType.PERMISSIONS_BOUNDARY;
import static dev.xacct.secrets.testkit.internal.iam.PolicyType.RESOURCE_BASED;
import static dev.xacct.secrets.testkit.internal.iam.PolicyType.SERVICE_CONTROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IAM evaluation rules as a table: each row is a request with its policies and the decision AWS makes, with the
 * policy type it names. Callers are a role session, an IAM user and the root user of account APP; resources live in
 * OWNER (cross-account) or APP (same account).
 */
class PolicyEvaluatorTest {

    private static final Decision ALLOW = Decision.allow();
    private static final PolicyType SESSION_POLICY = PolicyType.SESSION;

    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    // The name is an argument too, so that a failure reported by Surefire (which shows indexes only) names its row.
    @ParameterizedTest(name = "{0}")
    @MethodSource({
        "crossAccount",
        "principalForms",
        "sameAccount",
        "rootUser",
        "policyLayers",
        "actions",
        "resources",
        "conditions",
        "globalKeys",
        "kmsKeyPolicies",
        "trustPolicies",
        "modeNone"
    })
    void decidesAsAws(String row, AuthorizationRequest request, Decision expected) {
        assertThat(evaluator.evaluate(request)).as(row).isEqualTo(expected);
    }

    static Stream<Arguments> crossAccount() {
        return Stream.of(
                row(
                        "cross-account: resource policy names the role and identity policy allows -> allowed",
                        read(SESSION, SECRET)
                                .resourcePolicy(policy(grant(aws(ROLE_ARN), GET)))
                                .identityPolicies(identity(allow(GET, SECRET))),
                        ALLOW),
                row(
                        "cross-account: no resource policy -> no resource-based policy allows",
                        read(SESSION, SECRET).identityPolicies(identity(allow(GET, SECRET))),
                        implicit(RESOURCE_BASED)),
                row(
                        "cross-account: resource policy allows but no identity policy -> no identity-based policy allows",
                        read(SESSION, SECRET).resourcePolicy(policy(grant(aws(ROLE_ARN), GET))),
                        implicit(IDENTITY_BASED)),
                row(
                        "cross-account: neither side allows -> reported as resource-based",
                        read(SESSION, SECRET),
                        implicit(RESOURCE_BASED)),
                row(
                        "cross-account: resource policy grants another action only -> resource-based",
                        read(SESSION, SECRET)
                                .resourcePolicy(policy(grant(aws(ROLE_ARN), "secretsmanager:DescribeSecret")))
                                .identityPolicies(identity(allow(GET, SECRET))),
                        implicit(RESOURCE_BASED)),
                row(
                        "cross-account: Deny for the role in the resource policy beats both allows",
                        read(SESSION, SECRET)
                                .resourcePolicy(policy(grant(aws(ROLE_ARN), GET), refuse(aws(ROLE_ARN), GET)))
                                .identityPolicies(identity(allow(GET, SECRET))),
                        explicit(RESOURCE_BASED)),
                row(
                        "cross-account: Deny in the caller's identity policy beats the resource policy's grant",
                        read(SESSION, SECRET)
                                .resourcePolicy(policy(grant(aws(ROLE_ARN), GET)))
                                .identityPolicies(identity(allow("secretsmanager:*", "*"), deny(GET, SECRET))),
                        explicit(IDENTITY_BASED)),
                row(
                        "cross-account: resource-policy Deny naming the caller's account applies to its sessions",
                        read(SESSION, SECRET)
                                .resourcePolicy(policy(grant(aws(ROLE_ARN), GET), refuse(aws(APP), GET)))
                                .identityPolicies(identity(allow(GET, SECRET))),
                        explicit(RESOURCE_BASED)),
                row(
                        "cross-account: resource-policy Deny naming another principal does not apply",
                        read(SESSION, SECRET)
                                .resourcePolicy(policy(
                                        grant(aws(ROLE_ARN), GET), refuse(aws("arn:aws:iam::" + OTHER + ":root"), GET)))
                                .identityPolicies(identity(allow(GET, SECRET))),
                        ALLOW));
    }

    static Stream<Arguments> principalForms() {
        return Stream.of(
                row(
                        "principal: caller account root ARN delegates -> allowed with identity allow",
                        crossRead(aws("arn:aws:iam::" + APP + ":root")),
                        ALLOW),
                row(
                        "principal: caller account id short form delegates -> allowed with identity allow",
                        crossRead(aws(APP)),
                        ALLOW),
                row(
                        "principal: root delegation without identity allow -> no identity-based policy allows",
                        read(SESSION, SECRET).resourcePolicy(policy(grant(aws("arn:aws:iam::" + APP + ":root"), GET))),
                        implicit(IDENTITY_BASED)),
                row("principal: bare \"*\" -> allowed with identity allow", crossRead("'*'"), ALLOW),
                row("principal: {\"AWS\":\"*\"} -> allowed with identity allow", crossRead(aws("*")), ALLOW),
                row("principal: exact session ARN -> allowed", crossRead(aws(SESSION_ARN)), ALLOW),
                row("principal: role unique id (AROA...) -> allowed", crossRead(aws(ROLE_ID)), ALLOW),
                row(
                        "principal: another account's root -> resource-based",
                        crossRead(aws("arn:aws:iam::" + OTHER + ":root")),
                        implicit(RESOURCE_BASED)),
                row(
                        "principal: partial wildcard role/* never matches",
                        crossRead(aws("arn:aws:iam::" + APP + ":role/*")),
                        implicit(RESOURCE_BASED)),
                row(
                        "principal: wildcard for all sessions of a role never matches",
                        crossRead(aws("arn:aws:sts::" + APP + ":assumed-role/ApplicationRole/*")),
                        implicit(RESOURCE_BASED)),
                row(
                        "principal: role ARN without the role's path does not match",
                        crossRead(aws("arn:aws:iam::" + APP + ":role/ApplicationRole")),
                        implicit(RESOURCE_BASED)),
                row(
                        "principal: a Service principal never matches an IAM caller",
                        crossRead(q("{'Service':'secretsmanager.amazonaws.com'}")),
                        implicit(RESOURCE_BASED)),
                row(
                        "principal: NotPrincipal naming someone else applies to the caller",
                        read(SESSION, SECRET)
                                .resourcePolicy(policy(q("{'Effect':'Allow','NotPrincipal':" + aws(OTHER)
                                        + ",'Action':'" + GET + "','Resource':'*'}")))
                                .identityPolicies(identity(allow(GET, SECRET))),
                        ALLOW),
                // IAM User Guide, "NotPrincipal": the account, the role and the session must all be listed.
                row(
                        "principal: NotPrincipal naming only the caller's role still applies to its session",
                        read(SESSION, SECRET)
                                .resourcePolicy(policy(q("{'Effect':'Allow','NotPrincipal':" + aws(ROLE_ARN)
                                        + ",'Action':'" + GET + "','Resource':'*'}")))
                                .identityPolicies(identity(allow(GET, SECRET))),
                        ALLOW),
                row(
                        "principal: NotPrincipal naming the account, role and session does not apply to it",
                        read(SESSION, SECRET)
                                .resourcePolicy(policy(q("{'Effect':'Allow','NotPrincipal':"
                                        + aws(APP, ROLE_ARN, SESSION_ARN) + ",'Action':'" + GET
                                        + "','Resource':'*'}")))
                                .identityPolicies(identity(allow(GET, SECRET))),
                        implicit(RESOURCE_BASED)),
                row(
                        "principal: a Deny with NotPrincipal denies a caller with a permissions boundary",
                        read(SESSION, SECRET)
                                .resourcePolicy(policy(
                                        grant(aws(ROLE_ARN), GET),
                                        q("{'Effect':'Deny','NotPrincipal':"
                                                + aws(APP, ROLE_ARN, SESSION_ARN) + ",'Action':'" + GET
                                                + "','Resource':'*'}")))
                                .identityPolicies(identity(allow(GET, SECRET)))
                                .permissionsBoundary(policy(allow("*", "*"))),
                        explicit(RESOURCE_BASED)),
                row(
                        "principal: exact user ARN of a cross-account user -> allowed with identity allow",
                        read(USER, SECRET)
                                .resourcePolicy(policy(grant(aws(USER_ARN), GET)))
                                .identityPolicies(identity(allow(GET, SECRET))),
                        ALLOW));
    }

    static Stream<Arguments> sameAccount() {
        return Stream.of(
                row(
                        "same account: identity policy alone -> allowed",
                        read(SESSION, LOCAL_SECRET).identityPolicies(identity(allow(GET, LOCAL_SECRET))),
                        ALLOW),
                row(
                        "same account: resource policy naming the session alone -> allowed",
                        read(SESSION, LOCAL_SECRET).resourcePolicy(policy(grant(aws(SESSION_ARN), GET))),
                        ALLOW),
                row(
                        "same account: resource policy naming the role alone -> allowed",
                        read(SESSION, LOCAL_SECRET).resourcePolicy(policy(grant(aws(ROLE_ARN), GET))),
                        ALLOW),
                row(
                        "same account: resource policy naming the user alone -> allowed",
                        read(USER, LOCAL_SECRET).resourcePolicy(policy(grant(aws(USER_ARN), GET))),
                        ALLOW),
                row(
                        "same account: resource policy for everyone alone -> allowed",
                        read(SESSION, LOCAL_SECRET).resourcePolicy(policy(grant("'*'", GET))),
                        ALLOW),
                row(
                        "same account: resource policy naming the account only delegates -> identity-based",
                        read(SESSION, LOCAL_SECRET).resourcePolicy(policy(grant(aws(APP), GET))),
                        implicit(IDENTITY_BASED)),
                row(
                        "same account: no policy at all -> identity-based",
                        read(SESSION, LOCAL_SECRET),
                        implicit(IDENTITY_BASED)),
                row(
                        "same account: resource-policy Deny for everyone beats the identity allow",
                        read(SESSION, LOCAL_SECRET)
                                .resourcePolicy(policy(refuse("'*'", GET)))
                                .identityPolicies(identity(allow(GET, LOCAL_SECRET))),
                        explicit(RESOURCE_BASED)),
                row(
                        "same account: role grant is limited by the permissions boundary",
                        read(SESSION, LOCAL_SECRET)
                                .resourcePolicy(policy(grant(aws(ROLE_ARN), GET)))
                                .permissionsBoundary(policy(allow("kms:*", "*"))),
                        implicit(PERMISSIONS_BOUNDARY)),
                row(
                        "same account: session grant is not limited by the permissions boundary",
                        read(SESSION, LOCAL_SECRET)
                                .resourcePolicy(policy(grant(aws(SESSION_ARN), GET)))
                                .permissionsBoundary(policy(allow("kms:*", "*"))),
                        ALLOW),
                row(
                        "same account: role grant is limited by the session policy",
                        read(SESSION, LOCAL_SECRET)
                                .resourcePolicy(policy(grant(aws(ROLE_ARN), GET)))
                                .sessionPolicy(policy(allow("kms:*", "*"))),
                        implicit(SESSION_POLICY)),
                row(
                        "same account: session grant is not limited by the session policy",
                        read(SESSION, LOCAL_SECRET)
                                .resourcePolicy(policy(grant(aws(SESSION_ARN), GET)))
                                .sessionPolicy(policy(allow("kms:*", "*"))),
                        ALLOW),
                row(
                        "same account: grant to everyone is still limited by SCPs",
                        read(SESSION, LOCAL_SECRET)
                                .resourcePolicy(policy(grant("'*'", GET)))
                                .serviceControlPolicies(List.of(policy(allow("kms:*", "*")))),
                        implicit(SERVICE_CONTROL)));
    }

    static Stream<Arguments> rootUser() {
        return Stream.of(
                row("root: own account, no policy at all -> allowed (full access)", read(ROOT, LOCAL_SECRET), ALLOW),
                row(
                        "root: own account, resource-policy Deny naming the account -> explicit deny",
                        read(ROOT, LOCAL_SECRET).resourcePolicy(policy(refuse(aws(APP), GET))),
                        explicit(RESOURCE_BASED)),
                row(
                        "root: own account, SCP without the action -> service control",
                        read(ROOT, LOCAL_SECRET).serviceControlPolicies(List.of(policy(allow("kms:*", "*")))),
                        implicit(SERVICE_CONTROL)),
                row(
                        "root: cross-account, resource policy delegating to its account -> allowed",
                        read(ROOT, SECRET).resourcePolicy(policy(grant(aws("arn:aws:iam::" + APP + ":root"), GET))),
                        ALLOW),
                row(
                        "root: cross-account without resource policy -> resource-based",
                        read(ROOT, SECRET),
                        implicit(RESOURCE_BASED)),
                row(
                        "root: own key with default key policy -> allowed",
                        decrypt(ROOT, LOCAL_KEY).resourcePolicy(defaultKeyPolicy(APP)),
                        ALLOW),
                row(
                        "root: own key whose key policy names only a role -> resource-based",
                        decrypt(ROOT, LOCAL_KEY).resourcePolicy(policy(grant(aws(ROLE_ARN), DECRYPT))),
                        implicit(RESOURCE_BASED)));
    }

    static Stream<Arguments> policyLayers() {
        return Stream.of(
                row(
                        "layers: SCP Deny beats resource and identity allows",
                        crossRead(aws(ROLE_ARN))
                                .serviceControlPolicies(List.of(policy(allow("*", "*")), policy(deny(GET, "*")))),
                        explicit(SERVICE_CONTROL)),
                row(
                        "layers: SCP Deny is reported before a resource-policy Deny",
                        read(SESSION, SECRET)
                                .resourcePolicy(policy(refuse("'*'", GET)))
                                .serviceControlPolicies(List.of(policy(deny("*", "*")))),
                        explicit(SERVICE_CONTROL)),
                row(
                        "layers: resource-policy Deny is reported before an identity Deny",
                        read(SESSION, SECRET)
                                .resourcePolicy(policy(refuse("'*'", GET)))
                                .identityPolicies(identity(deny(GET, "*"))),
                        explicit(RESOURCE_BASED)),
                row(
                        "layers: identity Deny is reported before a boundary Deny",
                        read(SESSION, LOCAL_SECRET)
                                .identityPolicies(identity(deny(GET, "*")))
                                .permissionsBoundary(policy(deny(GET, "*"))),
                        explicit(IDENTITY_BASED)),
                row(
                        "layers: boundary Deny is reported before a session-policy Deny",
                        read(SESSION, LOCAL_SECRET)
                                .identityPolicies(identity(allow(GET, "*")))
                                .permissionsBoundary(policy(allow("*", "*"), deny(GET, "*")))
                                .sessionPolicy(policy(deny(GET, "*"))),
                        explicit(PERMISSIONS_BOUNDARY)),
                row(
                        "layers: session-policy Deny beats the session grant in the resource policy",
                        read(SESSION, LOCAL_SECRET)
                                .resourcePolicy(policy(grant(aws(SESSION_ARN), GET)))
                                .sessionPolicy(policy(allow("*", "*"), deny(GET, "*"))),
                        explicit(SESSION_POLICY)),
                row(
                        "layers: SCPs that allow only other services -> service control",
                        crossRead(aws(ROLE_ARN)).serviceControlPolicies(List.of(policy(allow("sts:*", "*")))),
                        implicit(SERVICE_CONTROL)),
                row(
                        "layers: an SCP allowing the action lets the request through",
                        crossRead(aws(ROLE_ARN))
                                .serviceControlPolicies(
                                        List.of(policy(allow("sts:*", "*")), policy(allow("secretsmanager:*", "*")))),
                        ALLOW),
                row(
                        "layers: SCP failing is reported before the missing identity allow",
                        read(SESSION, LOCAL_SECRET).serviceControlPolicies(List.of(policy(allow("sts:*", "*")))),
                        implicit(SERVICE_CONTROL)),
                row(
                        "layers: boundary without the action limits the identity allow",
                        read(SESSION, LOCAL_SECRET)
                                .identityPolicies(identity(allow(GET, LOCAL_SECRET)))
                                .permissionsBoundary(policy(allow("kms:*", "*"))),
                        implicit(PERMISSIONS_BOUNDARY)),
                row(
                        "layers: boundary allowing the action changes nothing",
                        read(SESSION, LOCAL_SECRET)
                                .identityPolicies(identity(allow(GET, LOCAL_SECRET)))
                                .permissionsBoundary(policy(allow("secretsmanager:*", "*"))),
                        ALLOW),
                row(
                        "layers: cross-account, boundary without the action -> permissions boundary",
                        crossRead(aws(ROLE_ARN)).permissionsBoundary(policy(allow("kms:*", "*"))),
                        implicit(PERMISSIONS_BOUNDARY)),
                row(
                        "layers: session policy without the action limits the identity allow",
                        crossRead(aws(ROLE_ARN)).sessionPolicy(policy(allow(DECRYPT, "*"))),
                        implicit(SESSION_POLICY)),
                row(
                        "layers: session policy allowing the action changes nothing",
                        crossRead(aws(ROLE_ARN)).sessionPolicy(policy(allow(GET, "*"))),
                        ALLOW));
    }

    static Stream<Arguments> actions() {
        return Stream.of(
                row(
                        "action: secretsmanager:Get* covers GetSecretValue",
                        localRead(allow("secretsmanager:Get*", LOCAL_SECRET)),
                        ALLOW),
                row(
                        "action: service prefix and name are case-insensitive",
                        localRead(allow("SecretsManager:getsecretVALUE", LOCAL_SECRET)),
                        ALLOW),
                row(
                        "action: ? matches exactly one character",
                        localRead(allow("secretsmanager:GetSecret?alue", LOCAL_SECRET)),
                        ALLOW),
                row(
                        "action: ? does not match two characters",
                        localRead(allow("secretsmanager:GetSecre?alue", LOCAL_SECRET)),
                        implicit(IDENTITY_BASED)),
                row("action: * matches every action", localRead(allow("*", LOCAL_SECRET)), ALLOW),
                row(
                        "action: secretsmanager:Describe* does not cover GetSecretValue",
                        localRead(allow("secretsmanager:Describe*", LOCAL_SECRET)),
                        implicit(IDENTITY_BASED)),
                row(
                        "action: Allow with NotAction kms:* grants secretsmanager actions",
                        localRead(q("{'Effect':'Allow','NotAction':'kms:*','Resource':'*'}")),
                        ALLOW),
                row(
                        "action: Allow with NotAction listing the action does not grant it",
                        localRead(q("{'Effect':'Allow','NotAction':['kms:*','secretsmanager:Get*'],'Resource':'*'}")),
                        implicit(IDENTITY_BASED)),
                row(
                        "action: Deny with NotAction kms:* denies everything else",
                        localRead(allow("*", "*"), q("{'Effect':'Deny','NotAction':'kms:*','Resource':'*'}")),
                        explicit(IDENTITY_BASED)));
    }

    static Stream<Arguments> resources() {
        return Stream.of(
                row(
                        "resource: name-?????? matches the 6-character suffix",
                        localRead(allow(GET, "arn:aws:secretsmanager:us-east-1:" + APP + ":secret:app/db-??????")),
                        ALLOW),
                row(
                        "resource: name-????? (5) does not match a 6-character suffix",
                        localRead(allow(GET, "arn:aws:secretsmanager:us-east-1:" + APP + ":secret:app/db-?????")),
                        implicit(IDENTITY_BASED)),
                row(
                        "resource: * spans / in the resource part",
                        localRead(allow(GET, "arn:aws:secretsmanager:us-east-1:" + APP + ":secret:app/*")),
                        ALLOW),
                row(
                        "resource: matching is case-sensitive",
                        localRead(allow(GET, "arn:aws:secretsmanager:us-east-1:" + APP + ":secret:App/*")),
                        implicit(IDENTITY_BASED)),
                row(
                        "resource: * in the region part matches any region",
                        localRead(allow(GET, "arn:aws:secretsmanager:*:" + APP + ":secret:*")),
                        ALLOW),
                row(
                        "resource: * in the account part does not swallow the colon of the resource part",
                        localRead(allow(GET, "arn:aws:secretsmanager:us-east-1:*:app/db-AbCdEf")),
                        implicit(IDENTITY_BASED)),
                row(
                        "resource: NotResource naming another secret applies to this one",
                        localRead(q("{'Effect':'Allow','Action':'" + GET + "','NotResource':'" + SECRET + "'}")),
                        ALLOW),
                row(
                        "resource: NotResource naming this secret does not apply",
                        localRead(
                                q("{'Effect':'Allow','Action':'" + GET + "','NotResource':['" + LOCAL_SECRET + "']}")),
                        implicit(IDENTITY_BASED)),
                row(
                        "resource: account-level action on * is not granted by a secret ARN",
                        request(SESSION, "secretsmanager:BatchGetSecretValue", "*", ResourcePolicyMode.NONE)
                                .identityPolicies(identity(allow("secretsmanager:BatchGetSecretValue", LOCAL_SECRET))),
                        implicit(IDENTITY_BASED)),
                row(
                        "resource: account-level action on * is granted by Resource *",
                        request(SESSION, "secretsmanager:BatchGetSecretValue", "*", ResourcePolicyMode.NONE)
                                .identityPolicies(identity(allow("secretsmanager:BatchGetSecretValue", "*"))),
                        ALLOW));
    }

    static Stream<Arguments> conditions() {
        String stage = "secretsmanager:VersionStage";
        return Stream.of(
                row(
                        "condition: StringEquals with the key present and equal -> allowed",
                        localRead(
                                Map.of(stage, List.of("AWSCURRENT")),
                                "{'StringEquals':{'secretsmanager:VersionStage':'AWSCURRENT'}}"),
                        ALLOW),
                row(
                        "condition: StringEquals with the key absent -> false",
                        localRead(Map.of(), "{'StringEquals':{'secretsmanager:VersionStage':'AWSCURRENT'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: StringEquals is case-sensitive",
                        localRead(
                                Map.of(stage, List.of("awscurrent")),
                                "{'StringEquals':{'secretsmanager:VersionStage':'AWSCURRENT'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: StringEqualsIfExists with the key absent -> true",
                        localRead(Map.of(), "{'StringEqualsIfExists':{'secretsmanager:VersionStage':'AWSCURRENT'}}"),
                        ALLOW),
                row(
                        "condition: StringEqualsIfExists with the key present and different -> false",
                        localRead(
                                Map.of(stage, List.of("AWSPENDING")),
                                "{'StringEqualsIfExists':{'secretsmanager:VersionStage':'AWSCURRENT'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: StringNotEquals with the key absent -> true",
                        localRead(Map.of(), "{'StringNotEquals':{'secretsmanager:VersionStage':'AWSPENDING'}}"),
                        ALLOW),
                row(
                        "condition: StringNotEquals with the key equal to a listed value -> false",
                        localRead(
                                Map.of(stage, List.of("AWSPENDING")),
                                "{'StringNotEquals':{'secretsmanager:VersionStage':['AWSPREVIOUS','AWSPENDING']}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: StringNotEquals with the key equal to none of the values -> true",
                        localRead(
                                Map.of(stage, List.of("AWSCURRENT")),
                                "{'StringNotEquals':{'secretsmanager:VersionStage':['AWSPREVIOUS','AWSPENDING']}}"),
                        ALLOW),
                row(
                        "condition: StringEqualsIgnoreCase ignores case",
                        localRead(
                                Map.of(stage, List.of("awscurrent")),
                                "{'StringEqualsIgnoreCase':{'secretsmanager:VersionStage':'AWSCURRENT'}}"),
                        ALLOW),
                row(
                        "condition: StringNotEqualsIgnoreCase with a value differing only in case -> false",
                        localRead(
                                Map.of(stage, List.of("awscurrent")),
                                "{'StringNotEqualsIgnoreCase':{'secretsmanager:VersionStage':'AWSCURRENT'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: StringLike on kms:EncryptionContext:SecretARN with a wildcard",
                        localRead(
                                Map.of("kms:EncryptionContext:SecretARN", List.of(LOCAL_SECRET)),
                                "{'StringLike':{'kms:EncryptionContext:SecretARN':"
                                        + "'arn:aws:secretsmanager:*:secret:app/*'}}"),
                        ALLOW),
                row(
                        "condition: StringNotLike with a matching value -> false",
                        localRead(
                                Map.of("kms:EncryptionContext:SecretARN", List.of(LOCAL_SECRET)),
                                "{'StringNotLike':{'kms:EncryptionContext:SecretARN':'*:secret:app/*'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: ArnNotLike with the key absent -> true",
                        localRead(Map.of(), "{'ArnNotLike':{'aws:SourceArn':'arn:aws:s3:::bucket/*'}}"),
                        ALLOW),
                row(
                        "condition: ArnLike with the key absent -> false",
                        localRead(Map.of(), "{'ArnLike':{'aws:SourceArn':'arn:aws:s3:::*'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: Bool with a JSON true matches the request value \"TRUE\"",
                        localRead(Map.of("aws:ViaAWSService", List.of("TRUE")), "{'Bool':{'aws:ViaAWSService':true}}"),
                        ALLOW),
                row(
                        "condition: Bool true does not match the request value false",
                        localRead(
                                Map.of("aws:ViaAWSService", List.of("false")), "{'Bool':{'aws:ViaAWSService':'true'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: Null true holds when the key is absent",
                        localRead(Map.of(), "{'Null':{'secretsmanager:VersionStage':'true'}}"),
                        ALLOW),
                row(
                        "condition: Null false fails when the key is absent",
                        localRead(Map.of(), "{'Null':{'secretsmanager:VersionStage':'false'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: NumericLessThanEquals with a JSON number holds for a smaller value",
                        localRead(
                                Map.of("sts:DurationSeconds", List.of("900")),
                                "{'NumericLessThanEquals':{'sts:DurationSeconds':3600}}"),
                        ALLOW),
                row(
                        "condition: NumericLessThanEquals fails for a larger value",
                        localRead(
                                Map.of("sts:DurationSeconds", List.of("7200")),
                                "{'NumericLessThanEquals':{'sts:DurationSeconds':'3600'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: NumericEquals does not match a value that is not a number",
                        localRead(
                                Map.of("sts:DurationSeconds", List.of("one hour")),
                                "{'NumericEquals':{'sts:DurationSeconds':'3600'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: DateLessThan with an ISO-8601 instant",
                        localRead(
                                Map.of("aws:CurrentTime", List.of("2026-11-27T10:00:00Z")),
                                "{'DateLessThan':{'aws:CurrentTime':'2030-01-01T00:00:00Z'}}"),
                        ALLOW),
                row(
                        "condition: DateGreaterThan with epoch seconds (2030) fails in 2026",
                        localRead(
                                Map.of("aws:CurrentTime", List.of("2026-11-27T10:00:00Z")),
                                "{'DateGreaterThan':{'aws:CurrentTime':1893456000}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: ForAnyValue holds when one request value is listed",
                        localRead(
                                Map.of("kms:EncryptionContextKeys", List.of("SecretARN", "SecretVersionId")),
                                "{'ForAnyValue:StringEquals':{'kms:EncryptionContextKeys':'SecretARN'}}"),
                        ALLOW),
                row(
                        "condition: ForAnyValue with the key absent -> false",
                        localRead(Map.of(), "{'ForAnyValue:StringEquals':{'kms:EncryptionContextKeys':'SecretARN'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: ForAllValues with the key absent -> true",
                        localRead(Map.of(), "{'ForAllValues:StringEquals':{'kms:EncryptionContextKeys':'SecretARN'}}"),
                        ALLOW),
                row(
                        "condition: ForAllValues fails when one request value is not listed",
                        localRead(
                                Map.of("kms:EncryptionContextKeys", List.of("SecretARN", "Other")),
                                "{'ForAllValues:StringEquals':"
                                        + "{'kms:EncryptionContextKeys':['SecretARN','SecretVersionId']}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: ForAnyValue:StringNotEquals holds when some request value is unlisted",
                        localRead(
                                Map.of("kms:EncryptionContextKeys", List.of("SecretARN", "Other")),
                                "{'ForAnyValue:StringNotEquals':{'kms:EncryptionContextKeys':'SecretARN'}}"),
                        ALLOW),
                row(
                        "condition: key names are case-insensitive on both sides",
                        localRead(
                                Map.of("SecretsManager:versionStage", List.of("AWSCURRENT")),
                                "{'StringEquals':{'SECRETSMANAGER:VERSIONSTAGE':'AWSCURRENT'}}"),
                        ALLOW),
                row(
                        "condition: keys within an operator are ANDed",
                        localRead(
                                Map.of(stage, List.of("AWSCURRENT"), "secretsmanager:VersionId", List.of("v1")),
                                "{'StringEquals':{'secretsmanager:VersionStage':'AWSCURRENT',"
                                        + "'secretsmanager:VersionId':'v2'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: operators are ANDed",
                        localRead(
                                Map.of(stage, List.of("AWSCURRENT")),
                                "{'StringEquals':{'secretsmanager:VersionStage':'AWSCURRENT'},"
                                        + "'Null':{'secretsmanager:VersionId':'false'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: IpAddress holds for an address inside the CIDR",
                        localRead(
                                Map.of("aws:SourceIp", List.of("10.1.2.3")),
                                "{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}"),
                        ALLOW),
                row(
                        "condition: NotIpAddress fails for an address inside the CIDR",
                        localRead(
                                Map.of("aws:SourceIp", List.of("10.1.2.3")),
                                "{'NotIpAddress':{'aws:SourceIp':['192.168.0.0/16','10.0.0.0/8']}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "condition: a resource-policy condition on VersionStage denies a caller who omits it",
                        read(SESSION, SECRET)
                                .identityPolicies(identity(allow(GET, SECRET)))
                                .resourcePolicy(policy(when(
                                        grant(aws(ROLE_ARN), GET),
                                        "{'StringEquals':{'secretsmanager:VersionStage':'AWSCURRENT'}}"))),
                        implicit(RESOURCE_BASED)));
    }

    static Stream<Arguments> globalKeys() {
        return Stream.of(
                row(
                        "global keys: aws:PrincipalArn of a session is its role ARN (ArnLike role/team/*)",
                        localRead(Map.of(), "{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::" + APP + ":role/team/*'}}"),
                        ALLOW),
                row(
                        "global keys: aws:PrincipalArn of a session is not the session ARN",
                        localRead(Map.of(), "{'ArnEquals':{'aws:PrincipalArn':'" + SESSION_ARN + "'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "global keys: aws:PrincipalType of a session is AssumedRole",
                        localRead(Map.of(), "{'StringEquals':{'aws:PrincipalType':'AssumedRole'}}"),
                        ALLOW),
                row(
                        "global keys: aws:userid of a session is roleId:session",
                        localRead(Map.of(), "{'StringLike':{'aws:userid':'" + ROLE_ID + ":*'}}"),
                        ALLOW),
                row(
                        "global keys: a session has no aws:username",
                        localRead(Map.of(), "{'Null':{'aws:username':'true'}}"),
                        ALLOW),
                row(
                        "global keys: a user's aws:username is its name",
                        read(USER, LOCAL_SECRET)
                                .identityPolicies(identity(when(
                                        allow(GET, "*"),
                                        "{'StringEquals':{'aws:username':'deployer','aws:PrincipalType':'User'}}"))),
                        ALLOW),
                row(
                        "global keys: the request context cannot set aws:PrincipalAccount",
                        localRead(
                                Map.of("aws:PrincipalAccount", List.of(OWNER)),
                                "{'StringEquals':{'aws:PrincipalAccount':'" + OWNER + "'}}"),
                        implicit(IDENTITY_BASED)),
                row(
                        "global keys: aws:PrincipalOrgID admits an organization member through a * grant",
                        read(SESSION, SECRET)
                                .identityPolicies(identity(allow(GET, SECRET)))
                                .resourcePolicy(policy(when(
                                        grant("'*'", GET), "{'StringEquals':{'aws:PrincipalOrgID':'o-a1b2c3d4e5'}}"))),
                        ALLOW),
                row(
                        "global keys: aws:PrincipalOrgID is absent for an account outside any organization",
                        read(USER, SECRET)
                                .identityPolicies(identity(allow(GET, SECRET)))
                                .resourcePolicy(policy(when(
                                        grant("'*'", GET), "{'StringEquals':{'aws:PrincipalOrgID':'o-a1b2c3d4e5'}}"))),
                        implicit(RESOURCE_BASED)));
    }

    static Stream<Arguments> kmsKeyPolicies() {
        String localViaService = "{'StringEquals':{'kms:EncryptionContext:SecretARN':'" + LOCAL_SECRET + "'}}";
        return Stream.of(
                row(
                        "kms aws/secretsmanager: same-account caller via Secrets Manager needs no identity policy",
                        decrypt(SESSION, LOCAL_KEY)
                                .resourcePolicy(secretsManagerKeyPolicy(APP))
                                .context(viaSecretsManager(APP, LOCAL_SECRET)),
                        ALLOW),
                row(
                        "kms aws/secretsmanager: a caller from another account is never allowed",
                        decrypt(SESSION, KEY)
                                .resourcePolicy(secretsManagerKeyPolicy(OWNER))
                                .context(viaSecretsManager(APP, SECRET))
                                .identityPolicies(identity(allow(DECRYPT, KEY))),
                        implicit(RESOURCE_BASED)),
                row(
                        "kms aws/secretsmanager: a direct Decrypt without kms:ViaService is denied",
                        decrypt(SESSION, LOCAL_KEY)
                                .resourcePolicy(secretsManagerKeyPolicy(APP))
                                .context(Map.of("kms:CallerAccount", List.of(APP)))
                                .identityPolicies(identity(allow(DECRYPT, LOCAL_KEY))),
                        implicit(RESOURCE_BASED)),
                row(
                        "kms aws/secretsmanager: direct DescribeKey is delegated to IAM and needs an identity allow",
                        request(SESSION, "kms:DescribeKey", LOCAL_KEY, ResourcePolicyMode.REQUIRED)
                                .resourcePolicy(secretsManagerKeyPolicy(APP)),
                        implicit(IDENTITY_BASED)),
                row(
                        "kms: key policy without root delegation makes the identity allow useless",
                        decrypt(SESSION, LOCAL_KEY)
                                .resourcePolicy(policy(grant(aws(USER_ARN), DECRYPT)))
                                .identityPolicies(identity(allow(DECRYPT, LOCAL_KEY))),
                        implicit(RESOURCE_BASED)),
                row(
                        "kms: default key policy (root delegation) with an identity allow -> allowed",
                        decrypt(SESSION, LOCAL_KEY)
                                .resourcePolicy(defaultKeyPolicy(APP))
                                .identityPolicies(identity(allow(DECRYPT, LOCAL_KEY))),
                        ALLOW),
                row(
                        "kms: default key policy without an identity allow -> identity-based",
                        decrypt(SESSION, LOCAL_KEY).resourcePolicy(defaultKeyPolicy(APP)),
                        implicit(IDENTITY_BASED)),
                row(
                        "kms: identity Deny stays effective under root delegation",
                        decrypt(SESSION, LOCAL_KEY)
                                .resourcePolicy(defaultKeyPolicy(APP))
                                .identityPolicies(identity(allow("kms:*", "*"), deny(DECRYPT, "*"))),
                        explicit(IDENTITY_BASED)),
                row(
                        "kms: same-account key policy naming the role grants without identity policy",
                        decrypt(SESSION, LOCAL_KEY).resourcePolicy(policy(grant(aws(ROLE_ARN), DECRYPT))),
                        ALLOW),
                row(
                        "kms: no key policy at all -> resource-based",
                        decrypt(SESSION, LOCAL_KEY).identityPolicies(identity(allow(DECRYPT, LOCAL_KEY))),
                        implicit(RESOURCE_BASED)),
                row(
                        "kms cross-account: key policy naming the role and identity allow -> allowed",
                        decrypt(SESSION, KEY)
                                .resourcePolicy(policy(grant(aws(ROLE_ARN), DECRYPT)))
                                .identityPolicies(identity(allow(DECRYPT, KEY))),
                        ALLOW),
                row(
                        "kms cross-account: key policy naming the role without identity allow -> identity-based",
                        decrypt(SESSION, KEY).resourcePolicy(policy(grant(aws(ROLE_ARN), DECRYPT))),
                        implicit(IDENTITY_BASED)),
                row(
                        "kms cross-account: key policy delegating only to its own account -> resource-based",
                        decrypt(SESSION, KEY)
                                .resourcePolicy(defaultKeyPolicy(OWNER))
                                .identityPolicies(identity(allow(DECRYPT, KEY))),
                        implicit(RESOURCE_BASED)),
                row(
                        "kms: key policy condition on the secret in the encryption context holds",
                        decrypt(SESSION, LOCAL_KEY)
                                .context(viaSecretsManager(APP, LOCAL_SECRET))
                                .resourcePolicy(policy(when(grant(aws(SESSION_ARN), DECRYPT), localViaService))),
                        ALLOW),
                row(
                        "kms: key policy condition on another secret in the encryption context fails",
                        decrypt(SESSION, LOCAL_KEY)
                                .context(viaSecretsManager(APP, LOCAL_SECRET.replace("app/db", "other")))
                                .resourcePolicy(policy(when(grant(aws(SESSION_ARN), DECRYPT), localViaService))),
                        implicit(RESOURCE_BASED)));
    }

    static Stream<Arguments> trustPolicies() {
        String trustWithExternalId =
                when(grant(aws(USER_ARN), ASSUME), "{'StringEquals':{'sts:ExternalId':'ext-123'}}");
        return Stream.of(
                row(
                        "trust: cross-account user with the right sts:ExternalId and identity allow -> allowed",
                        assume(USER, TARGET_ROLE)
                                .resourcePolicy(policy(trustWithExternalId))
                                .context(context("sts:ExternalId", "ext-123"))
                                .identityPolicies(identity(allow(ASSUME, TARGET_ROLE))),
                        ALLOW),
                row(
                        "trust: wrong sts:ExternalId -> resource-based",
                        assume(USER, TARGET_ROLE)
                                .resourcePolicy(policy(trustWithExternalId))
                                .context(context("sts:ExternalId", "ext-999"))
                                .identityPolicies(identity(allow(ASSUME, TARGET_ROLE))),
                        implicit(RESOURCE_BASED)),
                row(
                        "trust: missing sts:ExternalId -> resource-based",
                        assume(USER, TARGET_ROLE)
                                .resourcePolicy(policy(trustWithExternalId))
                                .identityPolicies(identity(allow(ASSUME, TARGET_ROLE))),
                        implicit(RESOURCE_BASED)),
                row(
                        "trust: cross-account user without identity allow -> identity-based",
                        assume(USER, TARGET_ROLE)
                                .resourcePolicy(policy(trustWithExternalId))
                                .context(context("sts:ExternalId", "ext-123")),
                        implicit(IDENTITY_BASED)),
                row(
                        "trust: same-account trust naming the user needs no identity policy",
                        assume(USER, LOCAL_TARGET_ROLE).resourcePolicy(policy(grant(aws(USER_ARN), ASSUME))),
                        ALLOW),
                row(
                        "trust: same-account trust delegating to the account needs an identity allow",
                        assume(USER, LOCAL_TARGET_ROLE).resourcePolicy(policy(grant(aws(APP), ASSUME))),
                        implicit(IDENTITY_BASED)));
    }

    static Stream<Arguments> modeNone() {
        return Stream.of(
                row(
                        "mode NONE: a resource policy passed anyway grants nothing",
                        request(SESSION, "secretsmanager:ListSecrets", "*", ResourcePolicyMode.NONE)
                                .resourcePolicy(policy(grant("'*'", "secretsmanager:*"))),
                        implicit(IDENTITY_BASED)),
                row(
                        "mode NONE: a resource-policy Deny passed anyway takes no part",
                        request(SESSION, "secretsmanager:ListSecrets", "*", ResourcePolicyMode.NONE)
                                .resourcePolicy(policy(refuse("'*'", "secretsmanager:*")))
                                .identityPolicies(identity(allow("secretsmanager:ListSecrets", "*"))),
                        ALLOW));
    }

    /** The session reads the OWNER secret, allowed by its identity policy, under a grant to {@code principal}. */
    private static AuthorizationRequest.Builder crossRead(String principal) {
        return read(SESSION, SECRET)
                .resourcePolicy(policy(grant(principal, GET)))
                .identityPolicies(identity(allow(GET, SECRET)));
    }

    /** The session reads the APP secret with an identity policy made of {@code statements}. */
    private static AuthorizationRequest.Builder localRead(String... statements) {
        return read(SESSION, LOCAL_SECRET).identityPolicies(identity(statements));
    }

    /** The session reads the APP secret with {@code context}, allowed by an identity policy under {@code condition}. */
    private static AuthorizationRequest.Builder localRead(Map<String, List<String>> context, String condition) {
        return localRead(when(allow(GET, LOCAL_SECRET), condition)).context(context);
    }

    private static Arguments row(String name, AuthorizationRequest.Builder request, Decision expected) {
        return Arguments.of(name, request.build(), expected);
    }

    private static Decision implicit(PolicyType type) {
        return Decision.implicitDeny(type);
    }

    private static Decision explicit(PolicyType type) {
        return Decision.explicitDeny(type);
    }
}
