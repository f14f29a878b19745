package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.LoggedRequest;
import dev.xacct.secrets.testkit.Policies;
import dev.xacct.secrets.testkit.Secret;
import dev.xacct.secrets.testkit.World;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading through the client, against the emulator over HTTP: the value forms, versions, routing, references. */
class ClientReadTest {

    private final Fixture fx = new Fixture(World.create());
    /** On an instance field: an emulator per test, as each test changes its own world. */
    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(fx.world);

    private AwsEmulator aws;
    private XacctSecretsClient client;

    @BeforeEach
    void start() {
        aws = emulator.emulator();
        client = fx.client(aws).build();
    }

    @AfterEach
    void stop() {
        client.close();
    }

    private long gets() {
        return aws.requestLog().count("GetSecretValue");
    }

    @Test
    void readsAStringAJsonMapAndOneField() {
        SecretRef ref = fx.ref();

        assertThat(client.getString(ref)).isEqualTo(Fixture.VALUE);
        assertThat(client.getJson(ref)).containsEntry("username", "app").containsEntry("port", 5432);
        assertThat(client.getField(ref, "password")).isEqualTo(Fixture.CANARY);
        assertThat(client.getField(ref, "port")).isEqualTo("5432");
        assertThat(gets()).isEqualTo(1);
    }

    @Test
    void missingJsonField_namesTheFieldsNotTheValues() {
        assertThatThrownBy(() -> client.getField(fx.ref(), "pasword"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no field 'pasword'")
                .hasMessageContaining("[username, password, port]")
                .hasMessageNotContaining(Fixture.CANARY);
    }

    @Test
    void binarySecret_isReadAsBytes() {
        fx.secret.secretBinary(new byte[] {1, 2, 3});

        assertThat(client.getBinary(fx.ref())).containsExactly(1, 2, 3);
        assertThat(client.get(fx.ref()).isString()).isFalse();
    }

    @Test
    void versionStageAndVersionId_areReadAsAsked() {
        String first = client.get(fx.ref()).versionId();
        fx.secret.rotate("{\"password\":\"new\"}");

        assertThat(client.getField(fx.ref().withVersionStage("AWSPREVIOUS"), "password"))
                .isEqualTo(Fixture.CANARY);
        assertThat(client.get(fx.ref().withVersionId(first)).versionId()).isEqualTo(first);
        assertThat(client.refresh(fx.ref()).field("password")).isEqualTo("new");
    }

    @Test
    void eachSecretIsReadInItsArnsRegion_whateverTheDefaultRegion() {
        Secret west = fx.owner
                .createSecret("west/db", "eu-west-1")
                .kmsKey(fx.owner.createKey("eu-west-1").allow(fx.role.arn(), "kms:Decrypt"))
                .secretString("west-value")
                .resourcePolicy(Policies.allowPrincipal(fx.role.arn(), "secretsmanager:GetSecretValue"));

        assertThat(client.getString(SecretRef.parse(west.arn()))).isEqualTo("west-value");
        assertThat(aws.requestLog().entries())
                .filteredOn(r -> r.operation().equals("GetSecretValue"))
                .extracting(LoggedRequest::region)
                .containsExactly("eu-west-1");
    }

    @Test
    void partialArn_isPinnedToTheFullArn_andSharesItsCacheEntry() {
        SecretRef partial = SecretRef.of("app/db", Fixture.OWNER, "us-east-1");

        SecretValue first = client.get(partial);
        SecretValue again = client.get(partial);
        SecretValue byFullArn = client.get(fx.ref());

        assertThat(first.arn()).isEqualTo(fx.secret.arn());
        assertThat(again).isSameAs(first);
        assertThat(byFullArn).isSameAs(first);
        assertThat(gets()).isEqualTo(1);
    }

    @Test
    void nameWithOwnerAndNoRegion_usesTheDefaultRegion() {
        assertThat(client.getString(SecretRef.of("app/db", Fixture.OWNER))).isEqualTo(Fixture.VALUE);
    }

    @Test
    void bareName_isReadInTheCallersOwnAccount() {
        fx.app.createSecret("local/config").secretString("mine");
        fx.role.putPolicy(
                "local",
                Policies.allow(
                        "arn:aws:secretsmanager:*:" + Fixture.APP + ":secret:*", "secretsmanager:GetSecretValue"));

        assertThat(client.getString(SecretRef.parse("local/config"))).isEqualTo("mine");
    }

    @Test
    void stringReference_isParsed() {
        assertThat(client.get(fx.secret.arn()).arn()).isEqualTo(fx.secret.arn());
        assertThatThrownBy(() -> client.get("arn:aws:kms:us-east-1:111111111111:key/1"))
                .isInstanceOf(InvalidSecretRefException.class);
    }

    @Test
    void expectedOwnerAccount_refusesASecretOfAnotherAccount() {
        try (XacctSecretsClient strict =
                fx.client(aws).expectedOwnerAccount(Fixture.APP).build()) {
            assertThatThrownBy(() -> strict.get(fx.ref()))
                    .isInstanceOf(SecretAccessException.class)
                    .satisfies(e ->
                            assertThat(((SecretAccessException) e).code()).isEqualTo(DiagnosisCode.INVALID_SECRET_ID))
                    .hasMessageContaining(Fixture.OWNER)
                    .hasMessageNotContaining(Fixture.CANARY);
            assertThat(gets())
                    .as("refused before any call: the ARN names the owner")
                    .isZero();
        }
    }

    @Test
    void jsonNumberOfOverAThousandDigits_failsAsNotReadableJson_withoutQuotingIt() {
        fx.secret.rotate("{\"n\":" + "7".repeat(1001) + "}");

        assertThatThrownBy(() -> client.getJson(fx.ref()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not JSON this client reads")
                .hasMessageNotContaining("7777");
        assertThatThrownBy(() -> client.getField(fx.ref(), "n")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void missingField_withAHugeOrMultiLineName_isQuotedShortAndOnOneLine() {
        String field = "x\nFORGED LOG LINE " + "y".repeat(100_000);

        assertThatThrownBy(() -> client.getField(fx.ref(), field))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("\n")
                        .hasSizeLessThan(600)
                        .contains("x\\nFORGED LOG LINE")
                        .contains("(100018 characters)"));
    }

    @Test
    void invalidate_makesTheNextReadGoToAws() {
        client.get(fx.ref());
        client.invalidate(fx.ref());
        client.get(fx.ref());

        assertThat(gets()).isEqualTo(2);
    }

    @Test
    void preload_readsManySecrets_andReportsTheOnesItCannot() {
        Secret other = fx.owner.createSecret("app/other").kmsKey(fx.key).secretString("x");
        Secret denied = fx.owner.createSecret("app/denied").kmsKey(fx.key).secretString("y");
        other.resourcePolicy(fx.secret.resourcePolicy().orElseThrow());

        Map<SecretRef, Diagnosis> failures = client.preload(
                java.util.List.of(fx.ref(), SecretRef.parse(other.arn()), SecretRef.parse(denied.arn())));

        assertThat(failures).containsOnlyKeys(SecretRef.parse(denied.arn()));
        assertThat(failures.get(SecretRef.parse(denied.arn())).code()).isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY);
        assertThat(gets()).isEqualTo(3);
        client.get(fx.ref());
        assertThat(gets()).isEqualTo(3);
    }

    @Test
    void theRoleIsAssumed_andReadsAreMadeAsItsSession() {
        client.get(fx.ref());

        assertThat(aws.requestLog().entries())
                .filteredOn(r -> r.operation().equals("GetSecretValue"))
                .extracting(LoggedRequest::principalArn)
                .containsExactly(fx.sessionArn());
        assertThat(aws.requestLog().count("AssumeRole")).isEqualTo(1);
    }

    @Test
    void partialArnWhoseNameEndsLikeASuffix_isWarnedAboutOnce() throws Exception {
        fx.owner
                .createSecret("db-abcdef")
                .kmsKey(fx.key)
                .secretString("x")
                .resourcePolicy(fx.secret.resourcePolicy().orElseThrow());
        SecretRef tricky = SecretRef.of("db-abcdef", Fixture.OWNER, "us-east-1");

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> client.get(tricky)).isInstanceOf(SecretAccessException.class);
        }

        String log = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("xacct.test.log")));
        assertThat(log.lines()
                        .filter(line -> line.contains("WARN") && line.contains("'db-abcdef'"))
                        .count())
                .isEqualTo(1);
    }

    @Test
    void endpointFromTheStandardSdkSetting_isHonoured() {
        System.setProperty("aws.endpointUrl", aws.endpoint().toString());
        try (XacctSecretsClient viaSetting = XacctSecretsClient.builder()
                .region("us-east-1")
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                fx.deployerKey.accessKeyId(), fx.deployerKey.secretAccessKey())))
                .roleArn(fx.role.arn())
                .build()) {
            assertThat(viaSetting.getField(fx.ref(), "username")).isEqualTo("app");
        } finally {
            System.clearProperty("aws.endpointUrl");
        }
    }

    @Test
    void pendingVersion_canBeReadByStage() {
        fx.secret.putVersion("{\"password\":\"pending\"}", null, Set.of("AWSPENDING"));

        assertThat(client.getField(fx.ref().withVersionStage("AWSPENDING"), "password"))
                .isEqualTo("pending");
    }

    @Test
    void builder_refusesDurationsOfCenturies_andContradictoryLimits_namingTheSetting() {
        Duration centuries = Duration.ofDays(365L * 300);
        assertThatThrownBy(() -> XacctSecretsClient.builder().refreshAfter(centuries))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("refreshAfter must be");
        assertThatThrownBy(() -> XacctSecretsClient.builder().maxStaleness(centuries))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxStaleness must be");
        assertThatThrownBy(() -> XacctSecretsClient.builder().failureBackoff(centuries))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("failureBackoff must be");
        assertThatThrownBy(() -> XacctSecretsClient.builder().maxBackoff(centuries))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxBackoff must be");
        assertThatThrownBy(() -> XacctSecretsClient.builder().sessionRefreshBefore(centuries))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sessionRefreshBefore must be");
        assertThatThrownBy(() -> XacctSecretsClient.builder().apiCallTimeout(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("apiCallTimeout must be");
        assertThatThrownBy(() -> XacctSecretsClient.builder().diagnosticCallTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("diagnosticCallTimeout must be");
        assertThatThrownBy(() -> XacctSecretsClient.builder().maxResponseBytes(1L << 40))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxResponseBytes must be");
        assertThatThrownBy(() -> XacctSecretsClient.builder()
                        .region("us-east-1")
                        .apiCallTimeout(Duration.ofSeconds(1))
                        .apiCallAttemptTimeout(Duration.ofSeconds(2))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apiCallAttemptTimeout (PT2S) must not exceed apiCallTimeout (PT1S)");
    }
}
