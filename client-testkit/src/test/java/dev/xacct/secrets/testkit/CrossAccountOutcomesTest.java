package dev.xacct.secrets.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** Every row of the expected-outcomes table of the wire reference (§5.10), through the real SDK over HTTP. */
class CrossAccountOutcomesTest {

    private CrossAccountFixture fx;

    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(() -> {
        fx = new CrossAccountFixture(World.create());
        return fx.world;
    });

    private AwsEmulator aws;
    private Sdk sdk;
    private SecretsManagerClient client;

    @BeforeEach
    void start() {
        aws = emulator.emulator();
        sdk = new Sdk(aws);
        client = sdk.secretsManager(fx.roleSession(sdk));
    }

    @AfterEach
    void stop() throws Exception {
        sdk.close();
    }

    private GetSecretValueResponse read(String secretId) {
        return client.getSecretValue(r -> r.secretId(secretId));
    }

    private static void assertAwsError(
            Runnable call, Class<? extends AwsServiceException> type, int status, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOf(type);
        AwsErrors.assertAwsError(call::run, status, code, message);
    }

    private String denied(String action, String resource, String reason) {
        return "User: " + fx.sessionArn() + " is not authorized to perform: " + action + " on resource: " + resource
                + " " + reason;
    }

    @Test
    void allThreePolicies_readSucceeds() {
        GetSecretValueResponse response = read(fx.secret.arn());

        assertThat(response.secretString()).isEqualTo(CrossAccountFixture.VALUE);
        assertThat(response.arn()).isEqualTo(fx.secret.arn());
        assertThat(response.name()).isEqualTo("app/db");
        assertThat(response.versionStages()).containsExactly("AWSCURRENT");
        assertThat(response.createdDate()).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void partialArn_resolvesToTheSameSecretAcrossAccounts() {
        assertThat(read(fx.secret.partialArn()).arn()).isEqualTo(fx.secret.arn());
    }

    @Test
    void noResourcePolicy_deniedNamingTheResourceBasedPolicy() {
        fx.secret.resourcePolicy(null);

        assertAwsError(
                () -> read(fx.secret.arn()),
                AwsServiceException.class,
                400,
                "AccessDeniedException",
                denied(
                        "secretsmanager:GetSecretValue",
                        fx.secret.arn(),
                        "because no resource-based policy allows the secretsmanager:GetSecretValue action"));
    }

    @Test
    void identityPolicyWithoutTheSecret_deniedNamingTheIdentityBasedPolicy() {
        fx.role.putPolicy("read", fx.identityPolicy(false, true));

        assertAwsError(
                () -> read(fx.secret.arn()),
                AwsServiceException.class,
                400,
                "AccessDeniedException",
                denied(
                        "secretsmanager:GetSecretValue",
                        fx.secret.arn(),
                        "because no identity-based policy allows the secretsmanager:GetSecretValue action"));
    }

    @Test
    void keyPolicyWithoutTheRole_accessToKmsIsNotAllowed() {
        fx.removeKeyPolicyStatement();

        assertAwsError(
                () -> read(fx.secret.arn()),
                AwsServiceException.class,
                400,
                "AccessDeniedException",
                "Access to KMS is not allowed");
    }

    @Test
    void identityPolicyWithoutTheKey_accessToKmsIsNotAllowed() {
        fx.role.putPolicy("read", fx.identityPolicy(true, false));

        assertAwsError(
                () -> read(fx.secret.arn()),
                AwsServiceException.class,
                400,
                "AccessDeniedException",
                "Access to KMS is not allowed");
    }

    @Test
    void awsManagedKey_crossAccountReadIsRefused() {
        fx.secret.kmsKey(null);

        assertAwsError(
                () -> read(fx.secret.arn()),
                InvalidRequestException.class,
                400,
                "InvalidRequestException",
                "You can't access a secret from a different AWS account if you encrypt the secret with the default "
                        + "KMS service key.");
    }

    @Test
    void awsManagedKey_sameAccountReadNeedsNoKmsStatement() throws Exception {
        Secret local = fx.app.createSecret("local/db").secretString("local-value");
        fx.role.putPolicy("read", Policies.allow(local.arn(), "secretsmanager:GetSecretValue"));

        assertThat(read(local.arn()).secretString()).isEqualTo("local-value");
    }

    @Test
    void bareName_resolvesInTheCallersAccount_notFoundWhenTheRoleMayReadAnything() {
        fx.role.putPolicy("read", Policies.allow("*", "secretsmanager:GetSecretValue", "kms:Decrypt"));

        assertAwsError(
                () -> read("app/db"),
                ResourceNotFoundException.class,
                400,
                "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret.");
    }

    @Test
    void bareName_resolvesInTheCallersAccount_deniedOnTheBareName() {
        assertAwsError(
                () -> read("app/db"),
                AwsServiceException.class,
                400,
                "AccessDeniedException",
                denied(
                        "secretsmanager:GetSecretValue",
                        "app/db",
                        "because no identity-based policy allows the secretsmanager:GetSecretValue action"));
    }

    @Test
    void explicitDenyInResourcePolicy_deniedWithExplicitDeny() {
        fx.secret.resourcePolicy(Policies.document(
                Policies.statement("Allow", fx.role.arn(), "*", "secretsmanager:GetSecretValue"),
                Policies.statement("Deny", fx.role.arn(), "*", "secretsmanager:GetSecretValue")));

        assertAwsError(
                () -> read(fx.secret.arn()),
                AwsServiceException.class,
                400,
                "AccessDeniedException",
                denied(
                        "secretsmanager:GetSecretValue",
                        fx.secret.arn(),
                        "with an explicit deny in a resource-based policy"));
    }

    @Test
    void rootDelegationInResourcePolicy_allowedWhenTheIdentityPolicyAllows() {
        fx.secret.resourcePolicy(Policies.allowPrincipal(fx.app.rootArn(), "secretsmanager:GetSecretValue"));

        assertThat(read(fx.secret.arn()).secretString()).isEqualTo(CrossAccountFixture.VALUE);
    }

    @Test
    void rootDelegationInResourcePolicy_deniedWhenTheIdentityPolicyDoesNot() {
        fx.secret.resourcePolicy(Policies.allowPrincipal(CrossAccountFixture.APP, "secretsmanager:GetSecretValue"));
        fx.role.putPolicy("read", fx.identityPolicy(false, true));

        assertAwsError(
                () -> read(fx.secret.arn()),
                AwsServiceException.class,
                400,
                "AccessDeniedException",
                denied(
                        "secretsmanager:GetSecretValue",
                        fx.secret.arn(),
                        "because no identity-based policy allows the secretsmanager:GetSecretValue action"));
    }

    @Test
    void versionStageCondition_deniesACallerThatOmitsVersionStage_andAllowsOneThatSendsIt() {
        fx.secret.resourcePolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"" + fx.role.arn() + "\"},\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\","
                + "\"Condition\":{\"ForAnyValue:StringEquals\":{\"secretsmanager:VersionStage\":\"AWSCURRENT\"}}}]}");

        assertAwsError(
                () -> read(fx.secret.arn()),
                AwsServiceException.class,
                400,
                "AccessDeniedException",
                denied(
                        "secretsmanager:GetSecretValue",
                        fx.secret.arn(),
                        "because no resource-based policy allows the secretsmanager:GetSecretValue action"));
        assertThat(client.getSecretValue(r -> r.secretId(fx.secret.arn()).versionStage("AWSCURRENT"))
                        .secretString())
                .isEqualTo(CrossAccountFixture.VALUE);
    }

    @Test
    void sameAccountCaller_resourcePolicyAlone_grantsTheSecretButKmsStillNeedsTheIdentityPolicy() throws Exception {
        IamUser local = fx.owner.createUser("local");
        SecretsManagerClient localClient = sdk.secretsManager(local.createAccessKey());
        fx.secret.resourcePolicy(Policies.allowPrincipal(local.arn(), "secretsmanager:GetSecretValue"));

        assertAwsError(
                () -> localClient.getSecretValue(r -> r.secretId(fx.secret.arn())),
                AwsServiceException.class,
                400,
                "AccessDeniedException",
                "Access to KMS is not allowed");

        local.putPolicy("kms", Policies.allow(fx.key.arn(), "kms:Decrypt"));
        assertThat(localClient.getSecretValue(r -> r.secretId(fx.secret.arn())).secretString())
                .isEqualTo(CrossAccountFixture.VALUE);
    }

    @Test
    void disabledKey_decryptionFailureWrappingTheKmsError() {
        fx.key.disable();

        assertThatThrownBy(() -> read(fx.secret.arn()))
                .isInstanceOf(DecryptionFailureException.class)
                .satisfies(e -> {
                    AwsServiceException aws = (AwsServiceException) e;
                    assertThat(aws.statusCode()).isEqualTo(400);
                    assertThat(aws.awsErrorDetails().errorCode()).isEqualTo("DecryptionFailure");
                    assertThat(aws.awsErrorDetails().errorMessage())
                            .matches("Secrets Manager can't decrypt the secret value: \\Q" + fx.key.arn()
                                    + "\\E is disabled\\. "
                                    + "\\(Service: AWSKMS; Status Code: 400; Error Code: DisabledException; "
                                    + "Request ID: [0-9a-f-]{36}; Proxy: null\\)");
                });
    }

    @Test
    void keyPendingDeletion_decryptionFailureWithKmsInvalidState() {
        fx.key.scheduleDeletion();

        assertThatThrownBy(() -> read(fx.secret.arn()))
                .isInstanceOf(DecryptionFailureException.class)
                .hasMessageContaining(fx.key.arn() + " is pending deletion. (Service: AWSKMS; Status Code: 400; "
                        + "Error Code: KMSInvalidStateException;");
    }

    @Test
    void secretMarkedForDeletion_invalidRequest() {
        fx.secret.markForDeletion();

        assertAwsError(
                () -> read(fx.secret.arn()),
                InvalidRequestException.class,
                400,
                "InvalidRequestException",
                "You can't perform this operation on the secret because it was marked for deletion.");
    }

    @Test
    void unknownSuffix_crossAccount_deniedBecauseNoResourcePolicyCanAllowIt() {
        String wrong = fx.secret.partialArn() + "-ZZZZZZ";
        fx.role.putPolicy("read", Policies.allow("*", "secretsmanager:GetSecretValue", "kms:Decrypt"));

        assertAwsError(
                () -> read(wrong),
                AwsServiceException.class,
                400,
                "AccessDeniedException",
                denied(
                        "secretsmanager:GetSecretValue",
                        wrong,
                        "because no resource-based policy allows the secretsmanager:GetSecretValue action"));
    }

    @Test
    void sameAccountNotFound_resourceNotFoundAsHttp400() throws Exception {
        IamUser local = fx.owner.createUser("local");
        local.putPolicy("all", Policies.allow("*", "secretsmanager:GetSecretValue"));
        SecretsManagerClient localClient = sdk.secretsManager(local.createAccessKey());
        String missing = "arn:aws:secretsmanager:us-east-1:" + CrossAccountFixture.OWNER + ":secret:missing-AbC123";

        assertAwsError(
                () -> localClient.getSecretValue(r -> r.secretId(missing)),
                ResourceNotFoundException.class,
                400,
                "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret.");
    }

    @Test
    void wrongRegion_crossAccount_theSecretIsNotFoundThereSoNoResourcePolicyAllows() throws Exception {
        SecretsManagerClient westClient = sdk.secretsManager(fx.roleSession(sdk), "eu-west-1");

        assertAwsError(
                () -> westClient.getSecretValue(r -> r.secretId(fx.secret.arn())),
                AwsServiceException.class,
                400,
                "AccessDeniedException",
                denied(
                        "secretsmanager:GetSecretValue",
                        fx.secret.arn(),
                        "because no resource-based policy allows the secretsmanager:GetSecretValue action"));
    }

    @Test
    void wrongRegion_sameAccount_resourceNotFound() throws Exception {
        IamUser local = fx.owner.createUser("local");
        local.putPolicy("all", Policies.allow("*", "secretsmanager:GetSecretValue", "kms:Decrypt"));
        SecretsManagerClient westClient = sdk.secretsManager(local.createAccessKey(), "eu-west-1");

        assertAwsError(
                () -> westClient.getSecretValue(r -> r.secretId(fx.secret.arn())),
                ResourceNotFoundException.class,
                400,
                "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret.");
    }
}
