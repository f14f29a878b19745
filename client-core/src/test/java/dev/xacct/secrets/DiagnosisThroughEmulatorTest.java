package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.DecryptOrder;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.Fault;
import dev.xacct.secrets.testkit.IamUser;
import dev.xacct.secrets.testkit.Policies;
import dev.xacct.secrets.testkit.World;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * One test per diagnosis code the emulator can produce, through the client and the real SDK over HTTP: the code, the
 * account that must act, and the fix statement parsed as JSON (principal, action, resource).
 */
class DiagnosisThroughEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    private Diagnosis failure(XacctSecretsClient reader, SecretRef ref) {
        SecretAccessException e = catchThrowableOfType(SecretAccessException.class, () -> reader.get(ref));
        assertThat(e).as("the read of %s should fail", ref).isNotNull();
        assertThat(e.getMessage())
                .startsWith(e.diagnosis().code() + ": " + e.diagnosis().summary())
                .doesNotContain(Fixture.CANARY);
        return e.diagnosis();
    }

    private Diagnosis failure() {
        return failure(client, fx.ref());
    }

    private static JsonNode statement(Fix fix) throws Exception {
        assertThat(fix.statement()).as("fix statement").isNotNull();
        JsonNode node = JSON.readTree(fix.statement());
        return node.has("Statement") ? node.get("Statement").get(0) : node;
    }

    private static List<String> values(JsonNode node) {
        return node.isArray()
                ? StreamSupport.stream(node.spliterator(), false)
                        .map(JsonNode::asText)
                        .toList()
                : List.of(node.asText());
    }

    private static Fix fixFor(Diagnosis diagnosis, PolicyKind policy) {
        return diagnosis.fixes().stream()
                .filter(f -> f.policy() == policy)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no fix for " + policy + " in " + diagnosis.fixes()));
    }

    @Test
    void noResourcePolicy_secretResourcePolicyInAccount1_orNoSecretThere_whichAwsAnswersAlike() throws Exception {
        fx.secret.resourcePolicy(null);

        Diagnosis d = failure();

        assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY);
        assertThat(d.account()).isEqualTo(Fixture.OWNER);
        // DescribeSecret is denied too, so nothing proves the secret is there: the policy is a candidate, not a fact.
        assertThat(d.policy()).isNull();
        assertThat(d.summary()).contains("or no secret exists at that ARN");
        assertThat(d.fixes()).extracting(Fix::policy).containsExactly(PolicyKind.SECRET_RESOURCE_POLICY, null);
        assertThat(d.callerArn()).isEqualTo(fx.sessionArn());
        assertThat(d.requestId()).isNotBlank();
        Fix fix = fixFor(d, PolicyKind.SECRET_RESOURCE_POLICY);
        assertThat(fix.target()).isEqualTo(fx.secret.arn());
        JsonNode statement = statement(fix);
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        assertThat(values(statement.get("Principal").get("AWS"))).containsExactly(fx.role.arn());
        assertThat(values(statement.get("Action")))
                .containsExactly("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");
        assertThat(values(statement.get("Resource"))).containsExactly("*");
    }

    @Test
    void withoutARole_theFixNamesTheCallerThatStsReports() throws Exception {
        fx.deployer.putPolicy("direct", Policies.allow("*", "secretsmanager:GetSecretValue", "kms:Decrypt"));
        try (XacctSecretsClient direct = fx.clientAs(aws, fx.deployerKey).build()) {
            Diagnosis d = failure(direct, fx.ref());

            assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY);
            JsonNode statement = statement(fixFor(d, PolicyKind.SECRET_RESOURCE_POLICY));
            assertThat(values(statement.get("Principal").get("AWS"))).containsExactly(fx.deployer.arn());
        }
    }

    @Test
    void noKeyPolicyStatement_aDirectProbeDeniedByTheKeyPolicyProvesNothing_bothCandidates() throws Exception {
        fx.key.keyPolicy(Policies.defaultKeyPolicy(Fixture.OWNER));

        Diagnosis d = failure();

        // A direct kms:Decrypt lacks kms:ViaService, so a key policy that allows reads through Secrets Manager only
        // denies it too: without a simulation, both policies stay candidates.
        assertThat(d.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
        assertThat(d.explanation()).contains("iam:SimulatePrincipalPolicy");
        Fix fix = fixFor(d, PolicyKind.KEY_POLICY);
        assertThat(fix.target()).isEqualTo(fx.key.arn());
        JsonNode statement = statement(fix);
        assertThat(values(statement.get("Principal").get("AWS"))).containsExactly(fx.role.arn());
        assertThat(values(statement.get("Action"))).containsExactly("kms:Decrypt");
        assertThat(values(statement.get("Resource"))).containsExactly("*");
        assertThat(statement
                        .get("Condition")
                        .get("StringEquals")
                        .get("kms:ViaService")
                        .asText())
                .isEqualTo("secretsmanager.us-east-1.amazonaws.com");
        assertThat(aws.requestLog().count("Decrypt")).as("the probe").isEqualTo(1);
    }

    @Test
    void noIdentityStatementForTheSecret_identityPolicyInAccount2() throws Exception {
        fx.role.putPolicy("read", Policies.allow("*", "kms:Decrypt", "secretsmanager:DescribeSecret"));

        Diagnosis d = failure();

        assertThat(d.code()).isEqualTo(DiagnosisCode.IDENTITY_POLICY);
        assertThat(d.account()).isEqualTo(Fixture.APP);
        assertThat(d.action()).isEqualTo("secretsmanager:GetSecretValue");
        Fix fix = fixFor(d, PolicyKind.IDENTITY_POLICY);
        assertThat(fix.target()).isEqualTo(fx.role.arn());
        JsonNode statement = statement(fix);
        assertThat(values(statement.get("Action")))
                .containsExactly("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");
        assertThat(values(statement.get("Resource"))).containsExactly(fx.secret.arn());
        assertThat(statement.has("Principal")).isFalse();
    }

    @Test
    void noIdentityStatementForTheKey_identityPolicyInAccount2_namingKmsDecrypt() throws Exception {
        fx.role.putPolicy(
                "read", Policies.allow("*", "secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"));

        Diagnosis d = failure();

        assertThat(d.code()).isEqualTo(DiagnosisCode.IDENTITY_POLICY);
        assertThat(d.account()).isEqualTo(Fixture.APP);
        assertThat(d.action()).isEqualTo("kms:Decrypt");
        JsonNode statement = statement(fixFor(d, PolicyKind.IDENTITY_POLICY));
        assertThat(values(statement.get("Action"))).containsExactly("kms:Decrypt");
        assertThat(values(statement.get("Resource"))).containsExactly(fx.key.arn());
    }

    @Test
    void keyPolicyDenied_whenTheDecryptProbeSaysNothing_theSimulationDecides() {
        fx.world.decryptOrder(DecryptOrder.VALIDATE_CIPHERTEXT_FIRST);
        fx.key.keyPolicy(Policies.defaultKeyPolicy(Fixture.OWNER));
        fx.deployer.putPolicy("simulate", Policies.allow(fx.role.arn(), "iam:SimulatePrincipalPolicy"));

        Diagnosis d = failure();

        assertThat(d.code()).isEqualTo(DiagnosisCode.KEY_POLICY);
        assertThat(aws.requestLog().count("SimulatePrincipalPolicy"))
                .as("as the role, then as the deployer")
                .isEqualTo(2);
    }

    @Test
    void kmsDenied_andNothingCanTell_kmsAccessDeniedWithBothFixes() {
        fx.world.decryptOrder(DecryptOrder.VALIDATE_CIPHERTEXT_FIRST);
        fx.key.keyPolicy(Policies.defaultKeyPolicy(Fixture.OWNER));

        Diagnosis d = failure();

        assertThat(d.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
        assertThat(d.fixes()).extracting(Fix::policy).contains(PolicyKind.KEY_POLICY, PolicyKind.IDENTITY_POLICY);
        assertThat(d.fixes())
                .allSatisfy(fix -> assertThat(fix.statement())
                        .contains(fx.key.arn().equals(fix.target()) ? fx.role.arn() : fx.key.arn()));
    }

    @Test
    void awsManagedKey_reencryptInAccount1() {
        fx.secret.kmsKey(null);

        Diagnosis d = failure();

        assertThat(d.code()).isEqualTo(DiagnosisCode.AWS_MANAGED_KEY);
        assertThat(d.account()).isEqualTo(Fixture.OWNER);
        assertThat(d.fixes()).isNotEmpty();
        assertThat(d.fixes().get(0).instruction()).contains(fx.secret.arn());
    }

    @Test
    void explicitDenyInTheResourcePolicy_namesThePolicyType() {
        fx.secret.resourcePolicy(Policies.document(
                Policies.statement("Allow", fx.role.arn(), "*", "secretsmanager:GetSecretValue"),
                Policies.statement("Deny", fx.role.arn(), "*", "secretsmanager:GetSecretValue")));

        Diagnosis d = failure();

        assertThat(d.code()).isEqualTo(DiagnosisCode.EXPLICIT_DENY);
        assertThat(d.policy()).isEqualTo(PolicyKind.SECRET_RESOURCE_POLICY);
        assertThat(d.account()).isEqualTo(Fixture.OWNER);
    }

    @Test
    void permissionsBoundary_isAGuardrail() {
        fx.role.permissionsBoundary(Policies.allow("*", "kms:*"));

        Diagnosis d = failure();

        assertThat(d.code()).isEqualTo(DiagnosisCode.POLICY_GUARDRAIL);
        assertThat(d.policy()).isEqualTo(PolicyKind.PERMISSIONS_BOUNDARY);
        assertThat(d.account()).isEqualTo(Fixture.APP);
    }

    @Test
    void assumeRoleDenied_trustPolicyOfTheRole() throws Exception {
        fx.role.trustPolicy(Policies.trust(fx.app.rootArn()));
        fx.deployer.deletePolicy(Fixture.ASSUME_POLICY);

        Diagnosis d = failure();

        assertThat(d.code()).isEqualTo(DiagnosisCode.ASSUME_ROLE_DENIED);
        assertThat(d.account()).isEqualTo(Fixture.APP);
        JsonNode trust = statement(fixFor(d, PolicyKind.TRUST_POLICY));
        assertThat(values(trust.get("Principal").get("AWS"))).containsExactly(fx.deployer.arn());
        assertThat(values(trust.get("Action"))).containsExactly("sts:AssumeRole");
    }

    @Test
    void notFound_secretNotFound() {
        IamUser local = fx.owner.createUser("local").putPolicy("all", Policies.allow("*", "secretsmanager:*"));
        try (XacctSecretsClient localClient =
                fx.clientAs(aws, local.createAccessKey()).build()) {
            Diagnosis d = failure(localClient, SecretRef.parse(fx.secret.partialArn() + "-ZZZZZZ"));

            assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_NOT_FOUND);
        }
    }

    @Test
    void wrongRegion_regionMismatch_whenRoutingByArnIsOff() {
        SecretsManagerClient west = SecretsManagerClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(fx.deployerKey.accessKeyId(), fx.deployerKey.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        IamUser local = fx.owner.createUser("local").putPolicy("all", Policies.allow("*", "secretsmanager:*"));
        try (west;
                XacctSecretsClient misrouted = fx.clientAs(aws, local.createAccessKey())
                        .secretsManagerClient(west)
                        .routeByArnRegion(false)
                        .build()) {
            Diagnosis d = failure(misrouted, fx.ref());

            assertThat(d.code()).isEqualTo(DiagnosisCode.REGION_MISMATCH);
        }
    }

    @Test
    void markedForDeletion_secretDeleted() {
        fx.secret.markForDeletion();

        Diagnosis d = failure();

        assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_DELETED);
        assertThat(d.account()).isEqualTo(Fixture.OWNER);
    }

    @Test
    void disabledKey_keyDisabled() {
        fx.key.disable();

        Diagnosis d = failure();

        assertThat(d.code()).isEqualTo(DiagnosisCode.KEY_DISABLED);
        assertThat(d.account()).isEqualTo(Fixture.OWNER);
    }

    @Test
    void keyPendingDeletion_keyPendingDeletion() {
        fx.key.scheduleDeletion();

        assertThat(failure().code()).isEqualTo(DiagnosisCode.KEY_PENDING_DELETION);
    }

    @Test
    void missingStage_versionNotFound() {
        assertThat(failure(client, fx.ref().withVersionStage("AWSPREVIOUS")).code())
                .isEqualTo(DiagnosisCode.VERSION_NOT_FOUND);
    }

    @Test
    void bareNameForAnotherAccountsSecret_invalidSecretId() {
        assertThat(failure(client, SecretRef.parse("app/db")).code()).isEqualTo(DiagnosisCode.INVALID_SECRET_ID);
    }

    @Test
    void throttled_andServerError_areTransient() {
        aws.faults().inject("GetSecretValue", Fault.throttling().times(1));
        Diagnosis throttled = failure();
        assertThat(throttled.code()).isEqualTo(DiagnosisCode.THROTTLED);
        assertThat(throttled.code().isTransient()).isTrue();
    }

    @Test
    void serverError_serviceError() {
        aws.faults().inject("GetSecretValue", Fault.internalError());

        assertThat(failure().code()).isEqualTo(DiagnosisCode.SERVICE_ERROR);
    }

    @Test
    void unknownAccessKey_invalidCredentials() {
        try (XacctSecretsClient stranger = fx.clientAs(
                        aws, new dev.xacct.secrets.testkit.AccessKey("AKIAUNKNOWNUNKNOWN00", "x".repeat(40), null))
                .build()) {
            assertThat(failure(stranger, fx.ref()).code()).isEqualTo(DiagnosisCode.INVALID_CREDENTIALS);
        }
    }
}
