package dev.xacct.secrets.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The owner's write APIs over the wire, through the real SDK, as a {@code fix} command calls them: each one fixes its
 * {@link Breakage} (the app then reads), is authorized as AWS authorizes it, and refuses what AWS refuses with AWS's
 * code and message. Sources: the Secrets Manager, KMS and IAM API references (PutResourcePolicy with
 * BlockPublicPolicy and PublicPolicyException; PutKeyPolicy's lockout safety check; "Cross-account use: No" for the
 * KMS key-management operations; CreateAlias's two permissions); IAM's "on resource: role NAME" wording from public
 * captures (testkit README, "Sources").
 */
class OwnerApiTest {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger(10);
    private static final String VALUE = "{\"username\":\"app\",\"password\":\"owner-api\"}";

    @RegisterExtension
    static final EmulatorExtension AWS = EmulatorExtension.of(() -> World.create(MutableClock.at(Instant.now()), 5));

    private Sdk sdk;
    private World world;

    @BeforeEach
    void open(AwsEmulator aws, World world) {
        this.sdk = new Sdk(aws);
        this.world = world;
    }

    @AfterEach
    void close() throws Exception {
        sdk.close();
    }

    private CrossAccountScenario scenario(UnaryOperator<CrossAccountScenario.Builder> options) {
        int n = ACCOUNTS.getAndIncrement();
        return options.apply(CrossAccountScenario.builder()
                        .world(world)
                        .ownerAccount("5000000000" + n)
                        .appAccount("6000000000" + n)
                        .secretString(VALUE))
                .build();
    }

    private CrossAccountScenario scenario(Breakage... breakages) {
        return scenario(b -> b.breakages(breakages));
    }

    /** An administrator of {@code account} allowed {@code actions} on everything by its identity policy. */
    private static AccessKey admin(Account account, String... actions) {
        IamUser admin = account.user("admin").orElseGet(() -> account.createUser("admin"));
        admin.putPolicy("admin", Policies.allow("*", actions));
        return admin.createAccessKey();
    }

    private String read(CrossAccountScenario s) {
        return AppReader.read(sdk, s, null);
    }

    private static String code(Throwable e) {
        return ((AwsServiceException) e).awsErrorDetails().errorCode() + ": "
                + ((AwsServiceException) e).awsErrorDetails().errorMessage();
    }

    // --- Secrets Manager ---

    @Test
    void putResourcePolicy_fixesAMissingStatement_andGetResourcePolicyReturnsIt() {
        CrossAccountScenario s = scenario(Breakage.NO_RESOURCE_POLICY_STATEMENT);
        SecretsManagerClient owner = sdk.secretsManager(admin(s.owner(), "secretsmanager:*"));
        String policy = Policies.allowPrincipal(s.roleArn(), "secretsmanager:GetSecretValue");

        var put = owner.putResourcePolicy(
                r -> r.secretId(s.secretArn()).resourcePolicy(policy).blockPublicPolicy(true));

        assertThat(put.arn()).isEqualTo(s.secretArn());
        assertThat(put.name()).isEqualTo(s.secret().name());
        assertThat(owner.getResourcePolicy(r -> r.secretId(s.secretArn())).resourcePolicy())
                .isEqualTo(policy);
        assertThat(read(s)).isEqualTo("OK: " + VALUE);
    }

    @Test
    void putResourcePolicy_namingARoleWithoutItsPath_isRefusedAsAnUnsupportedPrincipal() {
        CrossAccountScenario s = scenario(b -> b.role("/service/", "ApplicationRole"));
        SecretsManagerClient owner = sdk.secretsManager(admin(s.owner(), "secretsmanager:*"));
        String pathless = "arn:aws:iam::" + s.app().id() + ":role/ApplicationRole";

        assertThatThrownBy(() -> owner.putResourcePolicy(r -> r.secretId(s.secretArn())
                        .resourcePolicy(Policies.allowPrincipal(pathless, "secretsmanager:GetSecretValue"))))
                .satisfies(e -> assertThat(code(e))
                        .isEqualTo("MalformedPolicyDocumentException: This resource "
                                + "policy contains an unsupported principal."));
        assertThat(read(s)).isEqualTo("OK: " + VALUE);
    }

    @Test
    void putResourcePolicy_withBlockPublicPolicy_refusesBroadAccess_andAcceptsAnOrganizationCondition() {
        CrossAccountScenario s = scenario(b -> b);
        SecretsManagerClient owner = sdk.secretsManager(admin(s.owner(), "secretsmanager:*"));
        String broad = Policies.allowPrincipal("*", "secretsmanager:GetSecretValue");
        String pinned = Policies.document("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":"
                + "\"secretsmanager:GetSecretValue\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
                + "{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}}");

        assertThatThrownBy(() -> owner.putResourcePolicy(
                        r -> r.secretId(s.secretArn()).resourcePolicy(broad).blockPublicPolicy(true)))
                .satisfies(e ->
                        assertThat(code(e)).isEqualTo("PublicPolicyException: " + SecretsManagerWrites.PUBLIC_POLICY));
        owner.putResourcePolicy(
                r -> r.secretId(s.secretArn()).resourcePolicy(pinned).blockPublicPolicy(true));
        assertThat(s.secret().resourcePolicy()).contains(pinned);
        // Without the flag, broad access is the owner's choice.
        owner.putResourcePolicy(r -> r.secretId(s.secretArn()).resourcePolicy(broad));
        assertThat(s.secret().resourcePolicy()).contains(broad);
    }

    @Test
    void putResourcePolicy_withoutAnIdentityGrant_isDenied() {
        CrossAccountScenario s = scenario(b -> b);
        SecretsManagerClient reader = sdk.secretsManager(admin(s.owner(), "secretsmanager:GetResourcePolicy"));

        assertThatThrownBy(() ->
                        reader.putResourcePolicy(r -> r.secretId(s.secretArn()).resourcePolicy("{}")))
                .satisfies(
                        e -> assertThat(code(e))
                                .isEqualTo(
                                        "AccessDeniedException: User: arn:aws:iam::"
                                                + s.owner().id() + ":user/admin is not authorized to perform: "
                                                + "secretsmanager:PutResourcePolicy on resource: " + s.secretArn()
                                                + " because no identity-based policy allows the secretsmanager:PutResourcePolicy action"));
    }

    @Test
    void restoreSecret_fixesADeletedSecret() {
        CrossAccountScenario s = scenario(Breakage.SECRET_DELETED);
        SecretsManagerClient owner = sdk.secretsManager(admin(s.owner(), "secretsmanager:RestoreSecret"));

        assertThat(owner.restoreSecret(r -> r.secretId(s.secretArn())).arn()).isEqualTo(s.secretArn());
        assertThat(read(s)).isEqualTo("OK: " + VALUE);
    }

    @Test
    void updateSecret_kmsKeyId_isShownByDescribeSecretAsConfigured() {
        CrossAccountScenario s = scenario(Breakage.AWS_MANAGED_KEY);
        s.owner().createAlias("alias/app", s.key());
        SecretsManagerClient owner = sdk.secretsManager(admin(s.owner(), "secretsmanager:*", "kms:*"));
        String aliasArn = "arn:aws:kms:us-east-1:" + s.owner().id() + ":alias/app";

        owner.updateSecret(r -> r.secretId(s.secretArn()).kmsKeyId(aliasArn));
        assertThat(owner.describeSecret(r -> r.secretId(s.secretArn())).kmsKeyId())
                .isEqualTo(aliasArn);
        assertThat(read(s)).isEqualTo("OK: " + VALUE);

        owner.updateSecret(r -> r.secretId(s.secretArn()).kmsKeyId(s.key().keyId()));
        assertThat(owner.describeSecret(r -> r.secretId(s.secretArn())).kmsKeyId())
                .isEqualTo(s.key().keyId());
        owner.updateSecret(r -> r.secretId(s.secretArn()).kmsKeyId(s.keyArn()));
        assertThat(owner.describeSecret(r -> r.secretId(s.secretArn())).kmsKeyId())
                .isEqualTo(s.keyArn());
    }

    @Test
    void updateSecret_toAKeyTheCallerCannotUse_isDeniedByKms() {
        CrossAccountScenario s = scenario(Breakage.AWS_MANAGED_KEY);
        s.key()
                .keyPolicy(
                        Policies.document(Policies.statement("Allow", s.owner().rootArn(), "*", "kms:PutKeyPolicy")));
        SecretsManagerClient owner = sdk.secretsManager(admin(s.owner(), "secretsmanager:*", "kms:*"));

        assertThatThrownBy(
                        () -> owner.updateSecret(r -> r.secretId(s.secretArn()).kmsKeyId(s.keyArn())))
                .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDeniedException: Access to KMS is not allowed"));
        assertThat(s.secret().kmsKeyId()).isEmpty();
    }

    // --- KMS ---

    @Test
    void putKeyPolicy_fixesAMissingStatement_andGetKeyPolicyReturnsIt() {
        CrossAccountScenario s = scenario(Breakage.NO_KEY_POLICY_STATEMENT);
        KmsClient owner = sdk.kms(admin(s.owner(), "kms:*"));
        String current = owner.getKeyPolicy(r -> r.keyId(s.keyArn())).policy();
        String fixed = Policies.withStatement(current, Policies.statement("Allow", s.roleArn(), "*", "kms:Decrypt"));

        owner.putKeyPolicy(r -> r.keyId(s.keyArn()).policy(fixed));

        assertThat(owner.getKeyPolicy(r -> r.keyId(s.key().keyId())).policy()).isEqualTo(fixed);
        assertThat(read(s)).isEqualTo("OK: " + VALUE);
    }

    @Test
    void putKeyPolicy_thatWouldLockTheCallerOut_isRefusedUnlessTheCheckIsBypassed() {
        CrossAccountScenario s = scenario(b -> b);
        KmsClient owner = sdk.kms(admin(s.owner(), "kms:*"));
        String lockout = Policies.document(Policies.statement("Allow", s.roleArn(), "*", "kms:Decrypt"));

        assertThatThrownBy(() -> owner.putKeyPolicy(r -> r.keyId(s.keyArn()).policy(lockout)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("MalformedPolicyDocumentException: " + KmsAdmin.LOCKOUT));
        owner.putKeyPolicy(r -> r.keyId(s.keyArn()).policy(lockout).bypassPolicyLockoutSafetyCheck(true));
        assertThat(s.key().keyPolicy()).isEqualTo(lockout);
    }

    @Test
    void putKeyPolicy_withAPrincipalThatDoesNotExist_isRefused() {
        CrossAccountScenario s = scenario(b -> b);
        KmsClient owner = sdk.kms(admin(s.owner(), "kms:*"));
        String policy = Policies.withStatement(
                s.keyPolicy(),
                Policies.statement("Allow", "arn:aws:iam::" + s.app().id() + ":role/NoSuchRole", "*", "kms:Decrypt"));

        assertThatThrownBy(() -> owner.putKeyPolicy(r -> r.keyId(s.keyArn()).policy(policy)))
                .satisfies(e -> assertThat(code(e))
                        .isEqualTo("MalformedPolicyDocumentException: Policy contains a "
                                + "statement with one or more invalid principals."));
    }

    @Test
    void getKeyPolicy_ofAnotherAccountsKey_isDenied() {
        CrossAccountScenario s = scenario(b -> b);
        KmsClient app = sdk.kms(admin(s.app(), "kms:*"));

        assertThatThrownBy(() -> app.getKeyPolicy(r -> r.keyId(s.keyArn())))
                .satisfies(e -> assertThat(code(e))
                        .isEqualTo("AccessDeniedException: User: arn:aws:iam::"
                                + s.app().id()
                                + ":user/admin is not authorized to perform: kms:GetKeyPolicy on resource: "
                                + s.keyArn() + " because no resource-based policy allows the kms:GetKeyPolicy action"));
    }

    @Test
    void enableKey_fixesADisabledKey() {
        CrossAccountScenario s = scenario(Breakage.KEY_DISABLED);
        sdk.kms(admin(s.owner(), "kms:EnableKey")).enableKey(r -> r.keyId(s.keyArn()));

        assertThat(read(s)).isEqualTo("OK: " + VALUE);
    }

    @Test
    void keyPendingDeletion_cannotBeEnabled_untilItsDeletionIsCancelled() {
        CrossAccountScenario s = scenario(Breakage.KEY_PENDING_DELETION);
        KmsClient owner = sdk.kms(admin(s.owner(), "kms:EnableKey", "kms:CancelKeyDeletion"));

        assertThatThrownBy(() -> owner.enableKey(r -> r.keyId(s.keyArn())))
                .satisfies(e -> assertThat(code(e))
                        .isEqualTo("KMSInvalidStateException: " + s.keyArn() + " is pending deletion."));
        assertThat(owner.cancelKeyDeletion(r -> r.keyId(s.keyArn())).keyId()).isEqualTo(s.keyArn());
        assertThat(s.key().state()).isEqualTo(KmsKey.State.DISABLED);
        owner.enableKey(r -> r.keyId(s.keyArn()));
        assertThat(read(s)).isEqualTo("OK: " + VALUE);
    }

    @Test
    void createAlias_resolvesForSecretsManager_andListAliasesShowsIt() {
        CrossAccountScenario s = scenario(b -> b);
        KmsClient owner = sdk.kms(admin(s.owner(), "kms:*"));

        owner.createAlias(r -> r.aliasName("alias/payments").targetKeyId(s.key().keyId()));

        assertThat(owner.listAliases(r -> r.keyId(s.keyArn())).aliases())
                .extracting(AliasListEntry::aliasName, AliasListEntry::targetKeyId, AliasListEntry::aliasArn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "alias/payments",
                        s.key().keyId(),
                        "arn:aws:kms:us-east-1:" + s.owner().id() + ":alias/payments"));
        assertThat(world.key("arn:aws:kms:us-east-1:" + s.owner().id() + ":alias/payments"))
                .contains(s.key());
        assertThatThrownBy(() ->
                        owner.createAlias(r -> r.aliasName("alias/payments").targetKeyId(s.keyArn())))
                .satisfies(e -> assertThat(code(e))
                        .isEqualTo("AlreadyExistsException: An alias with the name " + "arn:aws:kms:us-east-1:"
                                + s.owner().id() + ":alias/payments already exists"));
    }

    @Test
    void createAlias_needsTheKeyPolicyToAllowIt() {
        CrossAccountScenario s = scenario(b -> b);
        s.key()
                .keyPolicy(
                        Policies.document(Policies.statement("Allow", s.owner().rootArn(), "*", "kms:PutKeyPolicy")));
        KmsClient owner = sdk.kms(admin(s.owner(), "kms:*"));

        assertThatThrownBy(() -> owner.createAlias(r -> r.aliasName("alias/x").targetKeyId(s.keyArn())))
                .satisfies(e -> assertThat(code(e))
                        .isEqualTo("AccessDeniedException: User: arn:aws:iam::"
                                + s.owner().id()
                                + ":user/admin is not authorized to perform: kms:CreateAlias on resource: "
                                + s.keyArn() + " because no resource-based policy allows the kms:CreateAlias action"));
    }

    // --- IAM ---

    @Test
    void getRole_returnsTheRoleWithItsPath() {
        CrossAccountScenario s = scenario(b -> b.role("/service/", "ApplicationRole"));
        IamClient iam = sdk.iam(admin(s.app(), "iam:GetRole"));

        Role role = iam.getRole(r -> r.roleName("ApplicationRole")).role();

        assertThat(role.arn()).isEqualTo(s.roleArn()).endsWith(":role/service/ApplicationRole");
        assertThat(role.path()).isEqualTo("/service/");
        assertThat(role.roleId()).isEqualTo(s.role().orElseThrow().uniqueId());
        assertThat(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8))
                .isEqualTo(s.trustPolicy().orElseThrow());
        assertThatThrownBy(() -> iam.getRole(r -> r.roleName("NoSuchRole")))
                .satisfies(e -> assertThat(code(e))
                        .isEqualTo("NoSuchEntity: The role with name NoSuchRole cannot be " + "found."))
                .satisfies(
                        e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(404));
    }

    @Test
    void getRole_withoutAnIdentityGrant_isDeniedNamingTheRoleAsIamDoes() {
        CrossAccountScenario s = scenario(b -> b);
        IamClient iam = sdk.iam(admin(s.app(), "iam:ListRolePolicies"));

        assertThatThrownBy(() -> iam.getRole(r -> r.roleName("ApplicationRole")))
                .satisfies(e -> assertThat(code(e))
                        .isEqualTo("AccessDenied: User: arn:aws:iam::" + s.app().id()
                                + ":user/admin is not authorized to perform: iam:GetRole on resource: role ApplicationRole "
                                + "because no identity-based policy allows the iam:GetRole action"))
                .satisfies(
                        e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(403));
    }

    @Test
    void putRolePolicy_fixesAMissingIdentityGrant_andGetAndListRolePoliciesShowIt() {
        CrossAccountScenario s = scenario(Breakage.NO_IDENTITY_GRANT_FOR_SECRET);
        IamClient iam = sdk.iam(admin(s.app(), "iam:*"));
        String policy = Policies.document(
                Policies.statement("Allow", null, s.secretArn(), "secretsmanager:GetSecretValue"),
                Policies.statement("Allow", null, s.keyArn(), "kms:Decrypt"));

        iam.putRolePolicy(r ->
                r.roleName("ApplicationRole").policyName(s.identityPolicyName()).policyDocument(policy));

        assertThat(URLDecoder.decode(
                        iam.getRolePolicy(r -> r.roleName("ApplicationRole").policyName(s.identityPolicyName()))
                                .policyDocument(),
                        StandardCharsets.UTF_8))
                .isEqualTo(policy);
        assertThat(iam.listRolePolicies(r -> r.roleName("ApplicationRole")).policyNames())
                .contains(s.identityPolicyName());
        assertThat(read(s)).isEqualTo("OK: " + VALUE);
        assertThatThrownBy(() ->
                        iam.getRolePolicy(r -> r.roleName("ApplicationRole").policyName("nope")))
                .satisfies(e -> assertThat(code(e))
                        .isEqualTo("NoSuchEntity: The role policy with name nope cannot " + "be found."));
    }

    @Test
    void putRolePolicy_withAPrincipal_isRefusedAsIamDoes() {
        CrossAccountScenario s = scenario(b -> b);
        IamClient iam = sdk.iam(admin(s.app(), "iam:*"));

        assertThatThrownBy(() -> iam.putRolePolicy(r -> r.roleName("ApplicationRole")
                        .policyName("p")
                        .policyDocument(Policies.allowPrincipal(s.app().rootArn(), "secretsmanager:GetSecretValue"))))
                .satisfies(e -> assertThat(code(e))
                        .isEqualTo("MalformedPolicyDocument: Policy document should not " + "specify a principal."));
    }

    @Test
    void updateAssumeRolePolicy_fixesATrustPolicyWithoutTheCaller_andRefusesAnUnknownPrincipal() {
        CrossAccountScenario s = scenario(Breakage.TRUST_POLICY_WITHOUT_CALLER);
        IamClient iam = sdk.iam(admin(s.app(), "iam:*"));
        String missing = "arn:aws:iam::" + s.app().id() + ":user/nobody";

        assertThatThrownBy(() -> iam.updateAssumeRolePolicy(
                        r -> r.roleName("ApplicationRole").policyDocument(Policies.trust(missing))))
                .satisfies(e -> assertThat(code(e))
                        .isEqualTo("MalformedPolicyDocument: Invalid principal in policy: " + "\"AWS\":\"" + missing
                                + "\""));
        iam.updateAssumeRolePolicy(r -> r.roleName("ApplicationRole")
                .policyDocument(Policies.trust(s.appUser().orElseThrow().arn())));
        assertThat(read(s)).isEqualTo("OK: " + VALUE);
    }
}
