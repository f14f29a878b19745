package dev.xacct.secrets.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.testkit.CrossAccountScenario.AppIdentity;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Policy evaluation where real cross-account setups differ from the textbook, read by the app through the real SDK
 * over HTTP. Each test builds its own {@link CrossAccountScenario} (own pair of accounts) in the class's world and
 * changes one policy. Sources: IAM User Guide pages "AWS JSON policy elements: NotPrincipal", "IAM policy elements:
 * Variables and tags", "AWS global condition context keys", "Condition operators"; the AccessDenied wording from the
 * IAM User Guide "Troubleshoot access denied error messages" (testkit README, "Sources").
 */
class EvaluationFidelityTest {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger(10);
    private static final String VALUE = "{\"username\":\"app\",\"password\":\"fidelity\"}";

    @RegisterExtension
    static final EmulatorExtension AWS = EmulatorExtension.of(() -> World.create(MutableClock.at(Instant.now()), 9));

    private Sdk sdk;
    private World world;

    @BeforeEach
    void open(AwsEmulator aws, World world) {
        this.sdk = new Sdk(aws);
        this.world = world;
    }

    @AfterEach
    void close() throws Exception {
        world.secureTransport(true);
        sdk.close();
    }

    /** The working setup in a fresh pair of accounts of the class's world, with the given options. */
    private CrossAccountScenario scenario(UnaryOperator<CrossAccountScenario.Builder> options) {
        int n = ACCOUNTS.getAndIncrement();
        return options.apply(CrossAccountScenario.builder()
                        .world(world)
                        .ownerAccount("3000000000" + n)
                        .appAccount("4000000000" + n)
                        .secretString(VALUE))
                .build();
    }

    private CrossAccountScenario scenario() {
        return scenario(b -> b);
    }

    private String read(CrossAccountScenario s) {
        return AppReader.read(sdk, s, null);
    }

    private static String ok() {
        return "OK: " + VALUE;
    }

    private static String denied(CrossAccountScenario s, String reason) {
        return "AccessDeniedException: User: " + s.callerArn() + " is not authorized to perform: "
                + "secretsmanager:GetSecretValue on resource: " + s.secretId() + " " + reason;
    }

    private static String explicitResourceDeny(CrossAccountScenario s) {
        return denied(s, "with an explicit deny in a resource-based policy");
    }

    private static String noResourcePolicy(CrossAccountScenario s) {
        return denied(s, "because no resource-based policy allows the secretsmanager:GetSecretValue action");
    }

    private static String noIdentityPolicy(CrossAccountScenario s) {
        return denied(s, "because no identity-based policy allows the secretsmanager:GetSecretValue action");
    }

    /** The scenario's resource-policy Allow plus a statement. */
    private static void addToResourcePolicy(CrossAccountScenario s, String statement) {
        s.secret().mergeResourcePolicyStatement(statement);
    }

    private static String sessionArn(CrossAccountScenario s) {
        return "arn:aws:sts::" + s.app().id() + ":assumed-role/"
                + s.role().orElseThrow().name() + "/" + s.sessionName();
    }

    private static String denyAllBut(String... notPrincipals) {
        return "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":[\"" + String.join("\",\"", notPrincipals)
                + "\"]},\"Action\":\"secretsmanager:*\",\"Resource\":\"*\"}";
    }

    // --- NotPrincipal (IAM User Guide, "NotPrincipal": each level of the caller's identity must be listed) ---

    @Test
    void notPrincipalDeny_listingOnlyTheRole_deniesTheRolesSessions() {
        CrossAccountScenario s = scenario();
        addToResourcePolicy(s, denyAllBut(s.roleArn()));

        assertThat(read(s)).isEqualTo(explicitResourceDeny(s));
    }

    @Test
    void notPrincipalDeny_listingAccountRoleAndSession_letsTheSessionRead() {
        CrossAccountScenario s = scenario();
        addToResourcePolicy(s, denyAllBut(s.app().rootArn(), s.roleArn(), sessionArn(s)));

        assertThat(read(s)).isEqualTo(ok());
    }

    @Test
    void notPrincipalDeny_listingRoleAndSessionWithoutTheAccount_deniesTheSession() {
        CrossAccountScenario s = scenario();
        addToResourcePolicy(s, denyAllBut(s.roleArn(), sessionArn(s)));

        assertThat(read(s)).isEqualTo(explicitResourceDeny(s));
    }

    @Test
    void notPrincipalDeny_deniesAPrincipalWithAPermissionsBoundary_whateverItLists() {
        CrossAccountScenario s = scenario();
        addToResourcePolicy(s, denyAllBut(s.app().rootArn(), s.roleArn(), sessionArn(s)));
        s.role().orElseThrow().permissionsBoundary(Policies.allow("*", "*"));

        assertThat(read(s)).isEqualTo(explicitResourceDeny(s));
    }

    @Test
    void notPrincipalDeny_listingAccountAndUser_letsTheUserRead() {
        CrossAccountScenario s = scenario(b -> b.appIdentity(AppIdentity.USER));
        addToResourcePolicy(
                s, denyAllBut(s.app().id(), s.appUser().orElseThrow().arn()));

        assertThat(read(s)).isEqualTo(ok());
    }

    // --- aws:SecureTransport ---

    @Test
    void secureTransportGuard_doesNotDenyANormalRead() {
        CrossAccountScenario s = scenario();
        addToResourcePolicy(
                s,
                "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:*\","
                        + "\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}");

        assertThat(read(s)).isEqualTo(ok());

        world.secureTransport(false);
        assertThat(read(s)).isEqualTo(explicitResourceDeny(s));
    }

    // --- policy variables ---

    @Test
    void principalTagVariable_inTheIdentityPolicysResource_isSubstituted() {
        CrossAccountScenario s = scenario(b -> b.secretName("payments/db"));
        IamRole role = s.role().orElseThrow();
        role.putPolicy(
                s.identityPolicyName(),
                Policies.document(
                        Policies.statement(
                                "Allow",
                                null,
                                "arn:aws:secretsmanager:us-east-1:" + s.owner().id()
                                        + ":secret:${aws:PrincipalTag/team}/*",
                                "secretsmanager:GetSecretValue"),
                        Policies.statement("Allow", null, s.keyArn(), "kms:Decrypt")));

        // Without the tag the variable has no value: the statement names nothing.
        assertThat(read(s)).isEqualTo(noIdentityPolicy(s));

        role.tag("team", "payments");
        assertThat(read(s)).isEqualTo(ok());

        role.tag("team", "billing");
        assertThat(read(s)).isEqualTo(noIdentityPolicy(s));
    }

    @Test
    void principalAccountVariable_inAConditionValue_isSubstituted() {
        CrossAccountScenario s = scenario();
        String statement = "{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"%s\":\"${aws:PrincipalAccount}\"}}}";
        IamRole role = s.role().orElseThrow();
        role.putPolicy(
                s.identityPolicyName(),
                Policies.document(
                        String.format(statement, "aws:PrincipalAccount"),
                        Policies.statement("Allow", null, s.keyArn(), "kms:Decrypt")));

        assertThat(read(s)).isEqualTo(ok());

        // The secret is in another account: its owner is not the caller's account.
        role.putPolicy(
                s.identityPolicyName(),
                Policies.document(
                        String.format(statement, "aws:ResourceAccount"),
                        Policies.statement("Allow", null, s.keyArn(), "kms:Decrypt")));
        assertThat(read(s)).isEqualTo(noIdentityPolicy(s));
    }

    @Test
    void principalTag_inAResourcePolicyCondition_isTheRolesTag() {
        CrossAccountScenario s = scenario();
        s.secret()
                .resourcePolicy(Policies.document("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                        + s.app().id() + "\"},\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\","
                        + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"payments\"}}}"));

        assertThat(read(s)).isEqualTo(noResourcePolicy(s));

        s.role().orElseThrow().tag("team", "payments");
        assertThat(read(s)).isEqualTo(ok());
    }

    @Test
    void usernameVariable_isSubstitutedForAUser() {
        CrossAccountScenario s = scenario(
                b -> b.appIdentity(AppIdentity.USER).userName("reporting").secretName("reporting/db"));
        IamUser user = s.appUser().orElseThrow();
        user.putPolicy(
                s.identityPolicyName(),
                Policies.document(
                        Policies.statement(
                                "Allow",
                                null,
                                "arn:aws:secretsmanager:*:*:secret:${aws:username}/*",
                                "secretsmanager:GetSecretValue"),
                        Policies.statement("Allow", null, s.keyArn(), "kms:Decrypt")));

        assertThat(read(s)).isEqualTo(ok());
    }

    @Test
    void variableInAnOlderPolicyVersion_isLiteralText() {
        CrossAccountScenario s = scenario(
                b -> b.appIdentity(AppIdentity.USER).userName("reporting").secretName("reporting/db"));
        s.appUser()
                .orElseThrow()
                .putPolicy(
                        s.identityPolicyName(),
                        "{\"Version\":\"2008-10-17\",\"Statement\":["
                                + "{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\","
                                + "\"Resource\":\"arn:aws:secretsmanager:*:*:secret:${aws:username}/*\"},"
                                + "{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"" + s.keyArn()
                                + "\"}]}");

        assertThat(read(s)).isEqualTo(noIdentityPolicy(s));
    }

    @Test
    void resourceOrgIdVariable_comparedToPrincipalOrgId_allowsOnlyTheSameOrganization() {
        CrossAccountScenario s = scenario(b -> b.organization("o-f1d3l1ty01"));
        s.secret()
                .resourcePolicy(Policies.document("{\"Effect\":\"Allow\",\"Principal\":\"*\","
                        + "\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
                        + "{\"aws:PrincipalOrgID\":\"${aws:ResourceOrgID}\"}}}"));

        assertThat(read(s)).isEqualTo(ok());

        s.app().organization("o-0therorg01");
        assertThat(read(s)).isEqualTo(noResourcePolicy(s));
    }

    // --- tags and organization / resource keys ---

    @Test
    void secretsManagerResourceTag_inTheResourcePolicy_isTheSecretsTag() {
        CrossAccountScenario s = scenario();
        s.secret()
                .resourcePolicy(Policies.document("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                        + s.roleArn() + "\"},\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\","
                        + "\"Condition\":{\"StringEquals\":{\"secretsmanager:ResourceTag/env\":\"prod\"}}}"));

        assertThat(read(s)).isEqualTo(noResourcePolicy(s));

        s.secret().tag("env", "prod");
        assertThat(read(s)).isEqualTo(ok());
    }

    @Test
    void awsResourceTag_inTheIdentityPolicy_isTheSecretsTag() {
        CrossAccountScenario s = scenario();
        s.role()
                .orElseThrow()
                .putPolicy(
                        s.identityPolicyName(),
                        Policies.document(
                                "{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\","
                                        + "\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/env\":\"prod\"}}}",
                                Policies.statement("Allow", null, s.keyArn(), "kms:Decrypt")));

        assertThat(read(s)).isEqualTo(noIdentityPolicy(s));

        s.secret().tag("env", "prod");
        assertThat(read(s)).isEqualTo(ok());
    }

    @Test
    void awsResourceTag_inTheKeyPolicy_isTheKeysTag() {
        CrossAccountScenario s = scenario();
        s.key()
                .keyPolicy(
                        Policies.withStatement(
                                Policies.defaultKeyPolicy(s.owner().id()),
                                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + s.roleArn()
                                        + "\"},\"Action\":\"kms:Decrypt\","
                                        + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/env\":\"prod\"}}}"));

        assertThat(read(s)).isEqualTo("AccessDeniedException: Access to KMS is not allowed");

        s.key().tag("env", "prod");
        assertThat(read(s)).isEqualTo(ok());
    }

    @Test
    void principalOrgPaths_matchesTheAppsUnitPath() {
        CrossAccountScenario s = scenario(b -> b.organization("o-f1d3l1ty02"));
        String unit = s.app().parentUnit().orElseThrow().id();
        s.secret()
                .resourcePolicy(Policies.document("{\"Effect\":\"Allow\",\"Principal\":\"*\","
                        + "\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\",\"Condition\":{"
                        + "\"ForAnyValue:StringLike\":{\"aws:PrincipalOrgPaths\":\"o-f1d3l1ty02/*/" + unit + "/\"}}}"));

        assertThat(read(s)).isEqualTo(ok());

        s.app().organization("o-f1d3l1ty02"); // moved under the root, out of the unit
        assertThat(read(s)).isEqualTo(noResourcePolicy(s));
    }

    @Test
    void resourceAccount_inTheIdentityPolicy_isTheSecretsOwner() {
        CrossAccountScenario s = scenario();
        String statement = "{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:ResourceAccount\":\"%s\"}}}";
        IamRole role = s.role().orElseThrow();
        role.putPolicy(
                s.identityPolicyName(),
                Policies.document(
                        String.format(statement, s.owner().id()),
                        Policies.statement("Allow", null, s.keyArn(), "kms:Decrypt")));

        assertThat(read(s)).isEqualTo(ok());

        role.putPolicy(
                s.identityPolicyName(),
                Policies.document(
                        String.format(statement, s.app().id()),
                        Policies.statement("Allow", null, s.keyArn(), "kms:Decrypt")));
        assertThat(read(s)).isEqualTo(noIdentityPolicy(s));
    }

    // --- secretsmanager:VersionStage (aws/aws-cli#5031): only in the context when the caller passes it ---

    @Test
    void versionStageCondition_deniesARequestWithoutVersionStage_andAllowsOneThatNamesIt() {
        CrossAccountScenario s = scenario(b -> b.breakages(Breakage.VERSION_STAGE_RESOURCE_POLICY));

        assertThat(AppReader.read(sdk, s, null)).isEqualTo(noResourcePolicy(s));
        assertThat(AppReader.read(sdk, s, "AWSCURRENT")).isEqualTo(ok());
    }
}
