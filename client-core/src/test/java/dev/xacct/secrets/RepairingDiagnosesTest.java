package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xacct.secrets.testkit.AccessKey;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.Breakage;
import dev.xacct.secrets.testkit.CrossAccountScenario;
import dev.xacct.secrets.testkit.CrossAccountScenario.AppIdentity;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * The defects of issue 10 (and the response-reading points of issue 11), each through the emulator with the real SDK
 * over HTTP: a diagnosis names only what its evidence proves, and its fixes, applied as AWS stores them, repair
 * without weakening a control.
 */
class RepairingDiagnosesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER = CrossAccountScenario.OWNER_ACCOUNT;
    private static final String APP = CrossAccountScenario.APP_ACCOUNT;

    private final List<AwsEmulator> emulators = new ArrayList<>();
    /** Rewrites the body of GetSecretValue answers, as a proxy between the client and AWS might. */
    private volatile UnaryOperator<String> rewrite;

    @AfterEach
    void stop() {
        emulators.forEach(AwsEmulator::close);
    }

    private CrossAccountScenario.Builder scenario(Breakage... breakages) {
        return CrossAccountScenario.builder()
                .seed(42)
                .role("/service/", "ApplicationRole")
                .breakages(breakages);
    }

    private XacctSecretsClientBuilder client(CrossAccountScenario scenario) {
        // By hand, not EmulatorExtension: each test builds its world(s) from its own breakages, inside the test.
        AwsEmulator aws = AwsEmulator.start(scenario.world());
        emulators.add(aws);
        AccessKey key = scenario.appCredentials();
        AwsCredentials credentials = key.sessionToken() == null
                ? AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())
                : AwsSessionCredentials.create(key.accessKeyId(), key.secretAccessKey(), key.sessionToken());
        XacctSecretsClientBuilder builder = XacctSecretsClient.builder()
                .endpointOverride(aws.endpoint())
                .region(scenario.region())
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(
                        c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(new Rewriter()));
        if (scenario.appIdentity() == AppIdentity.USER_ASSUMING_ROLE) {
            builder.roleArn(scenario.roleArn()).sessionName(scenario.sessionName());
            scenario.externalId().ifPresent(builder::externalId);
        }
        return builder;
    }

    private Diagnosis failure(CrossAccountScenario scenario) {
        try (XacctSecretsClient client = client(scenario).build()) {
            return failure(client, scenario);
        }
    }

    private static Diagnosis failure(XacctSecretsClient client, CrossAccountScenario scenario) {
        SecretAccessException e = catchThrowableOfType(
                SecretAccessException.class, () -> client.get(SecretRef.parse(scenario.secretId())));
        assertThat(e).as("the read should fail").isNotNull();
        return e.diagnosis();
    }

    private boolean readable(CrossAccountScenario scenario) {
        try (XacctSecretsClient client = client(scenario).build()) {
            client.get(SecretRef.parse(scenario.secretId()));
            return true;
        } catch (SecretAccessException e) {
            return false;
        }
    }

    private static void apply(CrossAccountScenario scenario, Diagnosis diagnosis) {
        diagnosis.fixes().stream()
                .map(Fix::action)
                .filter(a -> a != null)
                .filter(a -> !FixLoopTest.bypassesACondition(scenario, a))
                .forEach(action -> scenario.world().apply(FixLoopTest.ownerAction(scenario, action)));
    }

    private static JsonNode statement(Fix fix) throws Exception {
        return JSON.readTree(fix.statement());
    }

    /** Defect 1: a direct kms:Decrypt denied by an explicit deny or a guardrail is that, not "one of two". */
    @Test
    void kmsProbeKeepsAnExplicitDenyAndAGuardrail() {
        Diagnosis deny = failure(scenario(Breakage.EXPLICIT_DENY_IN_KEY_POLICY).build());
        assertThat(deny.code()).isEqualTo(DiagnosisCode.EXPLICIT_DENY);
        assertThat(deny.policy()).isEqualTo(PolicyKind.KEY_POLICY);
        assertThat(deny.account()).isEqualTo(OWNER);
        assertThat(deny.fixes()).allSatisfy(fix -> assertThat(fix.action()).isNull());

        Diagnosis boundary = failure(
                scenario(Breakage.PERMISSIONS_BOUNDARY_WITHOUT_KMS_DECRYPT).build());
        assertThat(boundary.code()).isEqualTo(DiagnosisCode.POLICY_GUARDRAIL);
        assertThat(boundary.policy()).isEqualTo(PolicyKind.PERMISSIONS_BOUNDARY);
        assertThat(boundary.account()).isEqualTo(APP);
    }

    /** Defect 2: a role missing both grants gets two identity policies that add up, and ends readable. */
    @Test
    void identityFixesForOneRoleNeverReplaceEachOther() {
        CrossAccountScenario scenario = scenario(
                        Breakage.NO_IDENTITY_GRANT_FOR_SECRET, Breakage.NO_IDENTITY_GRANT_FOR_KEY)
                .build();
        List<String> names = new ArrayList<>();
        for (int round = 0; round < 3 && !readable(scenario); round++) {
            Diagnosis d = failure(scenario);
            d.fixes().stream()
                    .map(Fix::action)
                    .filter(a -> a instanceof Fix.AttachIdentityPolicy)
                    .map(a -> ((Fix.AttachIdentityPolicy) a).policyName())
                    .forEach(names::add);
            apply(scenario, d);
        }
        assertThat(readable(scenario)).isTrue();
        assertThat(names)
                .doesNotHaveDuplicates()
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(name -> assertThat(name).startsWith("xacct-secrets-"));
    }

    /** Defect 3: running as the role (no roleArn), with a path: the statement AWS stores lets the role read. */
    @Test
    void aRoleSessionsPathIsKeptOrTheRoleIsNamedInAnyPath() throws Exception {
        CrossAccountScenario scenario = scenario(Breakage.NO_RESOURCE_POLICY_STATEMENT)
                .appIdentity(AppIdentity.ROLE_SESSION)
                .build();
        Diagnosis d = failure(scenario);

        Fix fix = d.fixes().get(0);
        assertThat(fix.action()).isInstanceOf(Fix.MergeStatement.class);
        JsonNode statement = statement(fix);
        // The session ARN has no path, and this emulator has no iam:GetRole: the role is named by aws:PrincipalArn.
        assertThat(statement.get("Principal").get("AWS").asText()).isEqualTo("arn:aws:iam::" + APP + ":root");
        assertThat(statement
                        .get("Condition")
                        .get("ArnLike")
                        .get("aws:PrincipalArn")
                        .toString())
                .contains("role/ApplicationRole")
                .contains("role/*/ApplicationRole");
        apply(scenario, d);
        assertThat(readable(scenario)).isTrue();

        CrossAccountScenario configured =
                scenario(Breakage.NO_RESOURCE_POLICY_STATEMENT).build();
        JsonNode exact = statement(failure(configured).fixes().get(0));
        assertThat(exact.get("Principal").get("AWS").asText())
                .isEqualTo(configured.roleArn())
                .contains(":role/service/ApplicationRole");
    }

    /** Defect 4: without roleArn, the session's role is simulated; a denied simulation is not "the identity policy". */
    @Test
    void simulationIsTriedForASessionsRoleAndReadWithItsBoundary() {
        CrossAccountScenario session = CrossAccountScenario.builder()
                .seed(42)
                .appIdentity(AppIdentity.ROLE_SESSION)
                .allowSelfSimulation()
                .breakages(Breakage.NO_KEY_POLICY_STATEMENT)
                .build();
        Diagnosis keyPolicy = failure(session);
        // The direct probe's key-policy denial proves nothing; the simulation of the session's role does.
        assertThat(keyPolicy.code()).isEqualTo(DiagnosisCode.KEY_POLICY);
        assertThat(keyPolicy.explanation()).contains("simulation");
        assertThat(emulators.get(0).requestLog().count("SimulatePrincipalPolicy"))
                .isPositive();

        CrossAccountScenario bounded = scenario(
                        Breakage.KEY_POLICY_VIA_SERVICE_ONLY, Breakage.PERMISSIONS_BOUNDARY_WITHOUT_KMS_DECRYPT)
                .allowSelfSimulation()
                .build();
        Diagnosis unsure = failure(bounded);
        // The simulation includes the boundary and, here, does not say which decided: not the identity policy.
        assertThat(unsure.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
        assertThat(unsure.policy()).isNull();
    }

    /** Defect 5: a via-service-only key policy is not blamed, and the key statement proposed is as narrow. */
    @Test
    void aViaServiceKeyPolicyIsNotBlamedAndKeyStatementsAreLeastPrivilege() throws Exception {
        CrossAccountScenario scenario = scenario(
                        Breakage.KEY_POLICY_VIA_SERVICE_ONLY, Breakage.NO_IDENTITY_GRANT_FOR_KEY)
                .build();
        Diagnosis d = failure(scenario);
        assertThat(d.code()).isNotEqualTo(DiagnosisCode.KEY_POLICY);
        assertThat(d.policy()).isNotEqualTo(PolicyKind.KEY_POLICY);
        apply(scenario, d);
        assertThat(readable(scenario)).isTrue();
        assertThat(scenario.lostRestrictions()).isEmpty();

        Diagnosis both = failure(scenario(Breakage.NO_KEY_POLICY_STATEMENT).build());
        Fix keyFix = both.fixes().stream()
                .filter(f -> f.policy() == PolicyKind.KEY_POLICY)
                .findFirst()
                .orElseThrow();
        JsonNode conditions = statement(keyFix).get("Condition").get("StringEquals");
        assertThat(conditions.get("kms:ViaService").asText()).isEqualTo("secretsmanager.us-east-1.amazonaws.com");
        assertThat(conditions.get("kms:CallerAccount").asText()).isEqualTo(APP);
    }

    /** Defect 6: the trust-policy fix carries the client's external id; without one, no fix bypasses the owner's. */
    @Test
    void trustFixesKeepTheExternalId() throws Exception {
        CrossAccountScenario withId = scenario(Breakage.TRUST_POLICY_WITHOUT_CALLER)
                .externalId("ext-1234")
                .build();
        Diagnosis d = failure(withId);
        assertThat(d.code()).isEqualTo(DiagnosisCode.ASSUME_ROLE_DENIED);
        Fix trust = d.fixes().stream()
                .filter(f -> f.policy() == PolicyKind.TRUST_POLICY)
                .findFirst()
                .orElseThrow();
        assertThat(statement(trust)
                        .get("Condition")
                        .get("StringEquals")
                        .get("sts:ExternalId")
                        .asText())
                .isEqualTo("ext-1234");
        apply(withId, d);
        assertThat(readable(withId)).isTrue();
        assertThat(withId.lostRestrictions()).isEmpty();

        CrossAccountScenario required =
                scenario(Breakage.TRUST_POLICY_REQUIRES_EXTERNAL_ID).build();
        Diagnosis unsure = failure(required);
        apply(required, unsure);
        assertThat(readable(required)).isFalse();
        assertThat(required.lostRestrictions()).isEmpty();
        assertThat(unsure.fixes())
                .anySatisfy(fix -> assertThat(fix.instruction()).contains("externalId"));
    }

    /**
     * Issue 15: a trust policy without the caller is repaired by the trust fix, which an applier refuses where the
     * policy names the caller only under the owner's sts:ExternalId; the external-id candidate stays the client's.
     */
    @Test
    void aTrustPolicyWithoutTheCallerIsRepairedAndAnExternalIdConditionIsNotBypassed() throws Exception {
        CrossAccountScenario without =
                scenario(Breakage.TRUST_POLICY_WITHOUT_CALLER).build();
        Diagnosis d = failure(without);
        assertThat(d.code()).isEqualTo(DiagnosisCode.ASSUME_ROLE_DENIED);
        assertThat(d.policy()).isNull();
        assertThat(d.fixes())
                .extracting(Fix::policy)
                .containsExactly(PolicyKind.TRUST_POLICY, PolicyKind.IDENTITY_POLICY, null);
        Fix trust = d.fixes().get(0);
        assertThat(trust.action()).isInstanceOf(Fix.MergeStatement.class);
        assertThat(statement(trust).has("Condition")).isFalse();
        assertThat(d.fixes().get(2).action()).isNull();
        assertThat(d.fixes().get(2).instruction()).contains("sts:ExternalId").contains("externalId");
        apply(without, d);
        assertThat(readable(without)).isTrue();

        CrossAccountScenario required =
                scenario(Breakage.TRUST_POLICY_REQUIRES_EXTERNAL_ID).build();
        Diagnosis unsure = failure(required);
        Fix unconditioned = unsure.fixes().get(0);
        assertThat(FixLoopTest.bypassesACondition(required, unconditioned.action()))
                .isTrue();
        assertThat(FixLoopTest.bypassesACondition(without, unconditioned.action()))
                .isFalse();
    }

    /** With iam:GetRole allowed to the caller, the trust policy is read and the diagnosis is sure of it. */
    @Test
    void aReadableTrustPolicyTellsAMissingCallerFromAnUnmetExternalId() throws Exception {
        CrossAccountScenario required =
                scenario(Breakage.TRUST_POLICY_REQUIRES_EXTERNAL_ID).build();
        mayReadTheRole(required);
        Diagnosis condition = failure(required);
        assertThat(condition.code()).isEqualTo(DiagnosisCode.ASSUME_ROLE_DENIED);
        assertThat(condition.policy()).isEqualTo(PolicyKind.TRUST_POLICY);
        assertThat(condition.account()).isEqualTo(APP);
        assertThat(condition.summary()).contains("only under a Condition (sts:ExternalId)");
        assertThat(condition.fixes()).singleElement().satisfies(fix -> {
            assertThat(fix.action()).isNull();
            assertThat(fix.instruction())
                    .contains("external id the role's owner gives")
                    .contains("the owner's condition stays");
        });

        CrossAccountScenario without =
                scenario(Breakage.TRUST_POLICY_WITHOUT_CALLER).build();
        mayReadTheRole(without);
        Diagnosis missing = failure(without);
        assertThat(missing.policy()).isEqualTo(PolicyKind.TRUST_POLICY);
        assertThat(missing.explanation()).contains("read with iam:GetRole, has no statement that allows");
        assertThat(missing.fixes())
                .extracting(Fix::policy)
                .containsExactly(PolicyKind.TRUST_POLICY, PolicyKind.IDENTITY_POLICY);
        apply(without, missing);
        assertThat(readable(without)).isTrue();
        assertThat(without.lostRestrictions()).isEmpty();
    }

    private static void mayReadTheRole(CrossAccountScenario scenario) {
        scenario.appUser()
                .orElseThrow()
                .putPolicy(
                        "read-role",
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{"
                                + "\"Effect\":\"Allow\",\"Action\":\"iam:GetRole\",\"Resource\":\"" + scenario.roleArn()
                                + "\"}]}");
    }

    /** Defect 7: an ARN that names no secret is not blamed on the resource policy with certainty. */
    @Test
    void anArnThatNamesNoSecretIsACandidateNotAResourcePolicyCertainty() {
        for (Breakage typo : List.of(
                Breakage.WRONG_REGION,
                Breakage.WRONG_ACCOUNT,
                Breakage.STALE_SUFFIX,
                Breakage.PARTIAL_ARN_NAME_LIKE_SUFFIX)) {
            Diagnosis d = failure(scenario(typo).build());
            assertThat(d.code()).as("%s", typo).isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY);
            assertThat(d.policy()).as("%s", typo).isNull();
            assertThat(d.summary()).as("%s", typo).contains("no secret exists at that ARN");
            assertThat(d.fixes())
                    .as("%s", typo)
                    .anySatisfy(fix -> assertThat(fix.instruction()).contains("configure the full ARN"));
        }
        Diagnosis partial =
                failure(scenario(Breakage.PARTIAL_ARN_NAME_LIKE_SUFFIX).build());
        assertThat(partial.explanation()).contains("(-legacy)").contains("partial ARN");
    }

    /** Defect 8: an owner's AWSCURRENT-only condition is met by the client, not removed by a fix. */
    @Test
    void aVersionStageConditionIsMetByTheClient() {
        CrossAccountScenario scenario =
                scenario(Breakage.VERSION_STAGE_RESOURCE_POLICY).build();
        assertThat(readable(scenario)).isTrue();
        assertThat(scenario.lostRestrictions()).isEmpty();
    }

    /** Defect 9: an old-format denial naming the secret in another region is a routing problem. */
    @Test
    void anOldFormatDenialInAnotherRegionIsARegionMismatch() {
        CrossAccountScenario scenario =
                scenario(Breakage.NO_RESOURCE_POLICY_STATEMENT).build();
        String elsewhere = scenario.secretArn().replace(":us-east-1:", ":eu-west-1:");
        rewrite = body -> "{\"__type\":\"AccessDeniedException\",\"Message\":\"User: " + scenario.callerArn()
                + " is not authorized to perform: secretsmanager:GetSecretValue on resource: " + elsewhere + "\"}";
        Diagnosis d = failure(scenario);
        assertThat(d.code()).isEqualTo(DiagnosisCode.REGION_MISMATCH);
        assertThat(d.summary()).contains("eu-west-1").contains("us-east-1");
    }

    /** Defect 10: a refused connection names the endpoint tried. */
    @Test
    void aRefusedConnectionNamesTheEndpoint() {
        CrossAccountScenario scenario = scenario().build();
        XacctSecretsClientBuilder builder = client(scenario);
        // By hand: an emulator started and closed at once gives an endpoint that refuses connections.
        AwsEmulator closed = AwsEmulator.start(scenario.world());
        closed.close();
        try (XacctSecretsClient client =
                builder.endpointOverride(closed.endpoint()).build()) {
            Diagnosis d = failure(client, scenario);
            assertThat(d.code()).isEqualTo(DiagnosisCode.SERVICE_ERROR);
            assertThat(d.summary()).contains(closed.endpoint().toString());
            assertThat(d.summary() + d.explanation()).doesNotContainIgnoringCase("cache");
        }
    }

    /** Issue 11, points 6 and 9: an empty, {} or garbled answer is transient, and none of its text is repeated. */
    @Test
    void anUnreadableAnswerIsTransientAndItsTextIsNeverRepeated() {
        CrossAccountScenario scenario =
                scenario().secretString("plain-canary-0xA7").build();
        for (String body : List.of(
                "", "{}", "{\"ARN\":\"" + scenario.secretArn() + "\",\"SecretString\":" + "plain-canary-0xA7}")) {
            rewrite = ignored -> body;
            try (XacctSecretsClient client = client(scenario).build()) {
                SecretAccessException e = catchThrowableOfType(
                        SecretAccessException.class, () -> client.get(SecretRef.parse(scenario.secretId())));
                assertThat(e).as("body '%s'", body).isNotNull();
                assertThat(e.code()).as("body '%s'", body).isEqualTo(DiagnosisCode.SERVICE_ERROR);
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.diagnosis().summary()).contains("could not be read");
                StringBuilder everything = new StringBuilder(e.diagnosis().toText());
                for (Throwable t = e; t != null; t = t.getCause()) {
                    everything.append(t).append('\n');
                }
                assertThat(everything.toString()).doesNotContain("plain-canary");
            }
        }
    }

    /** Issue 11, point 6: a warm cache keeps serving through an unreadable answer. */
    @Test
    void aWarmCacheKeepsServingThroughAnUnreadableAnswer() {
        CrossAccountScenario scenario = scenario().build();
        ManualTicker ticker = new ManualTicker();
        try (XacctSecretsClient client = client(scenario)
                .ticker(ticker)
                .executor(Runnable::run)
                .refreshAfter(Duration.ofMinutes(10))
                .refreshJitter(0)
                .maxStaleness(Duration.ofHours(1))
                .build()) {
            SecretRef ref = SecretRef.parse(scenario.secretId());
            String before = client.getString(ref);
            rewrite = ignored -> "{}";
            ticker.advance(Duration.ofMinutes(11));

            assertThat(client.getString(ref)).isEqualTo(before);
            assertThat(client.getString(ref)).isEqualTo(before);
        }
    }

    /** Replaces GetSecretValue answers' bodies with what {@link #rewrite} makes of them. */
    private final class Rewriter implements ExecutionInterceptor {
        @Override
        public Optional<InputStream> modifyHttpResponseContent(
                Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            UnaryOperator<String> change = rewrite;
            if (change == null || !(context.request() instanceof GetSecretValueRequest)) {
                return context.responseBody();
            }
            String original = context.responseBody()
                    .map(in -> {
                        try (in) {
                            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .orElse("");
            return Optional.of(new ByteArrayInputStream(change.apply(original).getBytes(StandardCharsets.UTF_8)));
        }
    }
}
