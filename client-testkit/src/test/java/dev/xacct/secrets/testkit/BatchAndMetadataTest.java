package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;

/** BatchGetSecretValue, DescribeSecret and GetResourcePolicy. */
class BatchAndMetadataTest {

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
        fx.secret.resourcePolicy(Policies.allowPrincipal(fx.role.arn(), "secretsmanager:*"));
        fx.role.putPolicy(
                "describe",
                Policies.allow(fx.secret.arn(), "secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"));
        aws = emulator.emulator();
        sdk = new Sdk(aws);
        client = sdk.secretsManager(fx.roleSession(sdk));
    }

    @AfterEach
    void stop() throws Exception {
        sdk.close();
    }

    @Test
    void batch_readsWhatItMay_andListsTheRestAsErrors() {
        fx.role.putPolicy("batch", Policies.allow("*", "secretsmanager:BatchGetSecretValue"));
        Secret other = fx.owner.createSecret("app/other").kmsKey(fx.key).secretString("other");
        String missing = fx.secret.partialArn() + "-ZZZZZZ";

        BatchGetSecretValueResponse response =
                client.batchGetSecretValue(r -> r.secretIdList(fx.secret.arn(), other.arn(), missing));

        assertThat(response.secretValues()).extracting(SecretValueEntry::arn).containsExactly(fx.secret.arn());
        assertThat(response.secretValues().get(0).secretString()).isEqualTo(CrossAccountFixture.VALUE);
        assertThat(response.errors()).extracting(APIErrorType::secretId).containsExactly(other.arn(), missing);
        assertThat(response.errors())
                .extracting(APIErrorType::errorCode)
                .containsExactly("AccessDeniedException", "AccessDeniedException");
        assertThat(response.errors().get(0).message())
                .endsWith("because no resource-based policy allows the secretsmanager:GetSecretValue action");
    }

    @Test
    void batch_withoutTheAccountLevelPermission_deniedWithoutAResource() {
        fx.role.putPolicy("batch", Policies.allow(fx.secret.arn(), "secretsmanager:BatchGetSecretValue"));

        assertAwsError(
                () -> client.batchGetSecretValue(r -> r.secretIdList(fx.secret.arn())),
                400,
                "AccessDeniedException",
                "User: " + fx.sessionArn() + " is not authorized to perform: "
                        + "secretsmanager:BatchGetSecretValue because no identity-based policy allows the "
                        + "secretsmanager:BatchGetSecretValue action");
    }

    @Test
    void batch_withBothIdsAndFilters_invalidParameter() {
        fx.role.putPolicy("batch", Policies.allow("*", "secretsmanager:BatchGetSecretValue"));

        assertAwsError(
                () -> client.batchGetSecretValue(r -> r.secretIdList(fx.secret.arn())
                        .filters(Filter.builder()
                                .key(FilterNameStringType.NAME)
                                .values("app")
                                .build())),
                400,
                "InvalidParameterException",
                "Either 'SecretIdList' or 'Filters' must be provided, but not both.");
    }

    @Test
    void batch_withANameFilter_readsTheCallersOwnSecrets() throws Exception {
        IamUser local = fx.app.createUser("local").putPolicy("all", Policies.allow("*", "secretsmanager:*"));
        fx.app.createSecret("svc/one").secretString("1");
        fx.app.createSecret("svc/two").secretString("2");
        fx.app.createSecret("other/three").secretString("3");

        BatchGetSecretValueResponse response = sdk.secretsManager(local.createAccessKey())
                .batchGetSecretValue(r -> r.filters(Filter.builder()
                        .key(FilterNameStringType.NAME)
                        .values("svc/")
                        .build()));

        assertThat(response.secretValues())
                .extracting(SecretValueEntry::secretString)
                .containsExactly("1", "2");
    }

    @Test
    void describeSecret_namesTheCustomerManagedKey() {
        DescribeSecretResponse response = client.describeSecret(r -> r.secretId(fx.secret.arn()));

        assertThat(response.arn()).isEqualTo(fx.secret.arn());
        assertThat(response.name()).isEqualTo("app/db");
        assertThat(response.kmsKeyId()).isEqualTo(fx.key.arn());
        assertThat(response.deletedDate()).isNull();
        assertThat(response.versionIdsToStages()).hasSize(1);
    }

    @Test
    void describeSecret_omitsTheKeyForTheAwsManagedKey_andWorksCrossAccount() {
        fx.secret.kmsKey(null);

        assertThat(client.describeSecret(r -> r.secretId(fx.secret.arn())).kmsKeyId())
                .isNull();
    }

    @Test
    void describeSecret_ofASecretMarkedForDeletion_showsTheDate() {
        fx.secret.markForDeletion();

        assertThat(client.describeSecret(r -> r.secretId(fx.secret.arn())).deletedDate())
                .isNotNull();
    }

    @Test
    void getResourcePolicy_returnsThePolicyText_orOnlyTheNamesWhenThereIsNone() throws Exception {
        assertThat(client.getResourcePolicy(r -> r.secretId(fx.secret.arn())).resourcePolicy())
                .contains(fx.role.arn());

        IamUser local = fx.owner.createUser("local").putPolicy("all", Policies.allow("*", "secretsmanager:*"));
        Secret bare = fx.owner.createSecret("bare").secretString("x");
        var response = sdk.secretsManager(local.createAccessKey()).getResourcePolicy(r -> r.secretId(bare.arn()));
        assertThat(response.name()).isEqualTo("bare");
        assertThat(response.resourcePolicy()).isNull();
    }

    @Test
    void nameEndingLikeASuffix_isNotFoundAsAPartialArn() throws Exception {
        IamUser local = fx.owner.createUser("local").putPolicy("all", Policies.allow("*", "secretsmanager:*"));
        Secret tricky = fx.owner.createSecret("db-abcdef").secretString("x");
        SecretsManagerClient localClient = sdk.secretsManager(local.createAccessKey());

        assertThat(localClient.describeSecret(r -> r.secretId(tricky.arn())).name())
                .isEqualTo("db-abcdef");
        assertAwsError(
                () -> localClient.describeSecret(r -> r.secretId(tricky.partialArn())),
                400,
                "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret.");
    }
}
