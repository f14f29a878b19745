package dev.xacct.secrets.diagnosis;

import static dev.xacct.secrets.diagnosis.AwsErrors.A1;
import static dev.xacct.secrets.diagnosis.AwsErrors.A2;
import static dev.xacct.secrets.diagnosis.AwsErrors.KEY;
import static dev.xacct.secrets.diagnosis.AwsErrors.ROLE;
import static dev.xacct.secrets.diagnosis.AwsErrors.SECRET;
import static dev.xacct.secrets.diagnosis.AwsErrors.SESSION;
import static dev.xacct.secrets.diagnosis.AwsErrors.actions;
import static dev.xacct.secrets.diagnosis.AwsErrors.kms;
import static dev.xacct.secrets.diagnosis.AwsErrors.principal;
import static dev.xacct.secrets.diagnosis.AwsErrors.sm;
import static dev.xacct.secrets.diagnosis.AwsErrors.statement;
import static dev.xacct.secrets.diagnosis.AwsErrors.sts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.DiagnosisContext;
import dev.xacct.secrets.DiagnosisContext.Step;
import dev.xacct.secrets.Fix;
import dev.xacct.secrets.PolicyKind;
import dev.xacct.secrets.internal.diagnosis.Diagnoses;
import dev.xacct.secrets.internal.diagnosis.Diagnoses.KmsFinding;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The engine as a whole: codes and their contract, texts, refinement, robustness, value semantics. */
class DiagnosisTest {

    private static final DiagnosisContext CTX = DiagnosisContext.builder()
            .secretId(SECRET)
            .secretArn(SECRET)
            .roleArn(ROLE)
            .callerArn(SESSION)
            .kmsKeyArn(KEY)
            .clientRegion("us-east-1")
            .step(Step.GET_SECRET_VALUE)
            .build();

    private static String denial(String action, String resource, String reason) {
        return "User: " + SESSION + " is not authorized to perform: " + action + " on resource: " + resource + " "
                + reason;
    }

    /** One failure per code the engine can produce, in a realistic context. */
    static Map<DiagnosisCode, Supplier<Diagnosis>> samples() {
        Map<DiagnosisCode, Supplier<Diagnosis>> m = new EnumMap<>(DiagnosisCode.class);
        m.put(DiagnosisCode.OK, () -> Diagnoses.ok(CTX, "r-ok"));
        m.put(
                DiagnosisCode.SECRET_RESOURCE_POLICY,
                () -> Diagnoses.of(
                        sm(
                                "AccessDeniedException",
                                denial(
                                        "secretsmanager:GetSecretValue",
                                        SECRET,
                                        "because no resource-based policy allows the"
                                                + " secretsmanager:GetSecretValue action")),
                        CTX));
        m.put(
                DiagnosisCode.KEY_POLICY,
                () -> Diagnoses.of(
                        kms(
                                "AccessDeniedException",
                                denial(
                                        "kms:Decrypt",
                                        KEY,
                                        "because no resource-based policy allows the kms:Decrypt action")),
                        CTX.toBuilder().step(Step.KMS_DECRYPT).build()));
        m.put(
                DiagnosisCode.IDENTITY_POLICY,
                () -> Diagnoses.of(
                        sm(
                                "AccessDeniedException",
                                denial(
                                        "secretsmanager:GetSecretValue",
                                        SECRET,
                                        "because no identity-based policy allows the"
                                                + " secretsmanager:GetSecretValue action")),
                        CTX));
        m.put(
                DiagnosisCode.KMS_ACCESS_DENIED,
                () -> Diagnoses.of(sm("AccessDeniedException", "Access to KMS is not allowed"), CTX));
        m.put(
                DiagnosisCode.ACCESS_DENIED,
                () -> Diagnoses.of(
                        sm(
                                "AccessDeniedException",
                                "User: " + SESSION
                                        + " is not authorized to perform: secretsmanager:GetSecretValue on resource: "
                                        + SECRET),
                        CTX));
        m.put(
                DiagnosisCode.AWS_MANAGED_KEY,
                () -> Diagnoses.of(
                        sm(
                                "InvalidRequestException",
                                "You can't access a"
                                        + " secret from a different AWS account if you encrypt the secret with the default KMS service key."),
                        CTX));
        m.put(
                DiagnosisCode.EXPLICIT_DENY,
                () -> Diagnoses.of(
                        sm(
                                "AccessDeniedException",
                                denial(
                                        "secretsmanager:GetSecretValue",
                                        SECRET,
                                        "with an explicit deny in a resource-based policy")),
                        CTX));
        m.put(
                DiagnosisCode.POLICY_GUARDRAIL,
                () -> Diagnoses.of(
                        sm(
                                "AccessDeniedException",
                                denial(
                                        "secretsmanager:GetSecretValue",
                                        SECRET,
                                        "because no permissions boundary allows the"
                                                + " secretsmanager:GetSecretValue action")),
                        CTX));
        m.put(
                DiagnosisCode.ASSUME_ROLE_DENIED,
                () -> Diagnoses.of(
                        sts(
                                403,
                                "AccessDenied",
                                "User: arn:aws:iam::222222222222:user/base is not authorized to perform: sts:AssumeRole on resource: "
                                        + ROLE),
                        CTX.toBuilder().step(Step.ASSUME_ROLE).build()));
        m.put(
                DiagnosisCode.SECRET_NOT_FOUND,
                () -> Diagnoses.of(
                        sm("ResourceNotFoundException", "Secrets Manager can't find the specified secret."), CTX));
        m.put(
                DiagnosisCode.INVALID_SECRET_ID,
                () -> Diagnoses.of(
                        sm(
                                "AccessDeniedException",
                                denial(
                                        "secretsmanager:GetSecretValue",
                                        "app/db",
                                        "because no identity-based policy allows the"
                                                + " secretsmanager:GetSecretValue action")),
                        CTX.toBuilder().secretId("app/db").build()));
        m.put(
                DiagnosisCode.REGION_MISMATCH,
                () -> Diagnoses.of(
                        sm("ResourceNotFoundException", "Secrets Manager can't find the specified secret."),
                        CTX.toBuilder().clientRegion("eu-west-1").build()));
        m.put(
                DiagnosisCode.SECRET_DELETED,
                () -> Diagnoses.of(
                        sm(
                                "InvalidRequestException",
                                "You can't perform this"
                                        + " operation on the secret because it was marked for deletion."),
                        CTX));
        m.put(
                DiagnosisCode.VERSION_NOT_FOUND,
                () -> Diagnoses.of(
                        sm(
                                "ResourceNotFoundException",
                                "Secrets Manager"
                                        + " can't find the specified secret value for staging label: AWSPENDING"),
                        CTX));
        m.put(
                DiagnosisCode.KEY_DISABLED,
                () -> Diagnoses.of(
                        sm(
                                "DecryptionFailure",
                                "Secrets Manager can't decrypt"
                                        + " the secret value: " + KEY
                                        + " is disabled. (Service: AWSKMS; Status Code: 400; Error Code:"
                                        + " DisabledException; Request ID: x; Proxy: null)"),
                        CTX));
        m.put(
                DiagnosisCode.KEY_PENDING_DELETION,
                () -> Diagnoses.of(
                        sm(
                                "DecryptionFailure",
                                "Secrets Manager can't"
                                        + " decrypt the secret value: " + KEY
                                        + " is pending deletion. (Service: AWSKMS; Status Code: 400;"
                                        + " Error Code: KMSInvalidStateException; Request ID: x; Proxy: null)"),
                        CTX));
        m.put(
                DiagnosisCode.INVALID_CREDENTIALS,
                () -> Diagnoses.of(
                        sm("UnrecognizedClientException", "The security token included in the request is invalid."),
                        CTX));
        m.put(
                DiagnosisCode.EXPIRED_CREDENTIALS,
                () -> Diagnoses.of(
                        sm("ExpiredTokenException", "The security token included in the request is expired"), CTX));
        m.put(DiagnosisCode.THROTTLED, () -> Diagnoses.of(sm("ThrottlingException", "Rate exceeded"), CTX));
        m.put(
                DiagnosisCode.SERVICE_ERROR,
                () -> Diagnoses.of(sm(500, "InternalServiceError", "An error occurred on the server side."), CTX));
        m.put(DiagnosisCode.UNKNOWN, () -> Diagnoses.of(sm("LimitExceededException", "Something new."), CTX));
        return m;
    }

    @Test
    void codesAreExactlyTheDesignTableInOrder() {
        assertThat(Arrays.stream(DiagnosisCode.values()).map(Enum::name))
                .containsExactly(
                        "OK",
                        "SECRET_RESOURCE_POLICY",
                        "KEY_POLICY",
                        "IDENTITY_POLICY",
                        "KMS_ACCESS_DENIED",
                        "ACCESS_DENIED",
                        "AWS_MANAGED_KEY",
                        "EXPLICIT_DENY",
                        "POLICY_GUARDRAIL",
                        "ASSUME_ROLE_DENIED",
                        "SECRET_NOT_FOUND",
                        "INVALID_SECRET_ID",
                        "REGION_MISMATCH",
                        "SECRET_DELETED",
                        "VERSION_NOT_FOUND",
                        "KEY_DISABLED",
                        "KEY_PENDING_DELETION",
                        "INVALID_CREDENTIALS",
                        "EXPIRED_CREDENTIALS",
                        "THROTTLED",
                        "SERVICE_ERROR",
                        "UNKNOWN");
        for (DiagnosisCode code : DiagnosisCode.values()) {
            assertThat(code.isTransient())
                    .as("%s transient", code)
                    .isEqualTo(code == DiagnosisCode.THROTTLED || code == DiagnosisCode.SERVICE_ERROR);
            assertThat(code.isOk()).as("%s ok", code).isEqualTo(code == DiagnosisCode.OK);
        }
    }

    @Test
    void policyKindsHaveTheirPhrases() {
        assertThat(PolicyKind.SECRET_RESOURCE_POLICY.phrase()).isEqualTo("the secret's resource policy");
        assertThat(PolicyKind.KEY_POLICY.phrase()).isEqualTo("the KMS key policy");
        assertThat(PolicyKind.IDENTITY_POLICY.phrase()).isEqualTo("the identity policy");
        assertThat(PolicyKind.TRUST_POLICY.phrase()).isEqualTo("the role's trust policy");
        assertThat(PolicyKind.SERVICE_CONTROL_POLICY.phrase()).isEqualTo("a service control policy");
        assertThat(PolicyKind.RESOURCE_CONTROL_POLICY.phrase()).isEqualTo("a resource control policy");
        assertThat(PolicyKind.PERMISSIONS_BOUNDARY.phrase()).isEqualTo("the permissions boundary");
        assertThat(PolicyKind.SESSION_POLICY.phrase()).isEqualTo("the session policy");
        assertThat(PolicyKind.VPC_ENDPOINT_POLICY.phrase()).isEqualTo("the VPC endpoint policy");
    }

    @Test
    void everyCodeIsProducedAndItsTextsAreComplete() {
        Map<DiagnosisCode, Supplier<Diagnosis>> samples = samples();
        assertThat(samples.keySet()).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(DiagnosisCode.class));
        samples.forEach((code, sample) -> {
            Diagnosis d = sample.get();
            assertThat(d.code()).as("sample for %s", code).isEqualTo(code);
            assertTextsComplete(d);
        });
    }

    /** Also over every catalogue-like variant that produces a fix, a missing value never shows up as "null". */
    static void assertTextsComplete(Diagnosis d) {
        assertThat(d.summary())
                .as("summary of %s", d)
                .isNotBlank()
                .endsWith(".")
                .doesNotContain("\n")
                .doesNotContain("null");
        assertThat(d.explanation()).as("explanation of %s", d).isNotBlank();
        String ownWords = d.awsMessage() == null
                ? d.explanation()
                : d.explanation().replace(d.awsMessage().replaceAll("\\s+", " ").trim(), "");
        assertThat(ownWords).as("explanation of %s", d).doesNotContain(" null");
        assertThat(d.toText())
                .isNotBlank()
                .contains(d.code().name())
                .contains(d.summary())
                .contains(d.explanation());
        for (Fix fix : d.fixes()) {
            assertThat(fix.instruction())
                    .as("instruction of %s", fix)
                    .isNotBlank()
                    .doesNotContain("null");
            assertThat(d.toText()).contains(fix.instruction());
            if (fix.statement() != null) {
                assertThat(AwsErrors.json(fix.statement()).isObject()).isTrue();
                assertThat(fix.statement()).doesNotContain("<").doesNotContain("null");
            }
            if (fix.account() != null) {
                assertThat(fix.account()).matches("\\d{12}");
            }
        }
        if (d.account() != null) {
            assertThat(d.account()).matches("\\d{12}");
        }
        if (d.policy() != null) {
            String lead = Character.toUpperCase(d.policy().phrase().charAt(0))
                    + d.policy().phrase().substring(1);
            assertThat(d.summary())
                    .as("summary of %s leads with the policy", d.code())
                    .startsWith(lead);
            if (d.account() != null) {
                assertThat(d.summary())
                        .as("summary of %s leads with the policy and the account", d.code())
                        .startsWith(lead + " in account " + d.account());
            }
        }
    }

    @Test
    void summariesOfTheAccessCodesLeadWithPolicyAndAccount() {
        Map<DiagnosisCode, Supplier<Diagnosis>> samples = samples();
        assertThat(samples.get(DiagnosisCode.SECRET_RESOURCE_POLICY).get().summary())
                .startsWith("The secret's resource policy in account " + A1);
        assertThat(samples.get(DiagnosisCode.KEY_POLICY).get().summary())
                .startsWith("The KMS key policy in account " + A1);
        assertThat(samples.get(DiagnosisCode.IDENTITY_POLICY).get().summary())
                .startsWith("The identity policy in account " + A2);
        assertThat(samples.get(DiagnosisCode.KMS_ACCESS_DENIED).get().summary())
                .startsWith("The KMS key policy in account " + A1 + " or the identity policy in account " + A2);
        assertThat(samples.get(DiagnosisCode.ACCESS_DENIED).get().summary())
                .startsWith(
                        "The secret's resource policy in account " + A1 + " or the identity policy in account " + A2);
        assertThat(samples.get(DiagnosisCode.AWS_MANAGED_KEY).get().summary())
                .startsWith("The KMS key policy in account " + A1);
        assertThat(samples.get(DiagnosisCode.EXPLICIT_DENY).get().summary())
                .startsWith("The secret's resource policy in account " + A1 + " explicitly denies");
        assertThat(samples.get(DiagnosisCode.POLICY_GUARDRAIL).get().summary())
                .startsWith("The permissions boundary in account " + A2);
        assertThat(samples.get(DiagnosisCode.ASSUME_ROLE_DENIED).get().summary())
                .startsWith("The role's trust policy in account " + A2);
    }

    @Test
    void toTextListsEachFixWithAccountPolicyTargetAndStatement() {
        Diagnosis d = samples().get(DiagnosisCode.KMS_ACCESS_DENIED).get();
        String text = d.toText();
        assertThat(text)
                .contains("Fix 1 of 2: the KMS key policy, account " + A1)
                .contains("Fix 2 of 2: the identity policy, account " + A2)
                .contains("Target: " + KEY)
                .contains("Target: " + ROLE)
                .contains("\"kms:ViaService\"")
                .contains("Action: merge the statement into the KEY_POLICY of " + KEY)
                .contains("AWS error: AccessDeniedException, request id r-1");
        assertThat(text.lines().filter(l -> l.startsWith("    ")).count()).isGreaterThan(6);
    }

    @Test
    void statementsArePrettyPrintedJson() {
        Diagnosis d = samples().get(DiagnosisCode.SECRET_RESOURCE_POLICY).get();
        assertThat(d.fixes().get(0).statement()).isEqualTo("""
                {
                  "Effect": "Allow",
                  "Principal": {
                    "AWS": "arn:aws:iam::222222222222:role/ApplicationRole"
                  },
                  "Action": [
                    "secretsmanager:GetSecretValue",
                    "secretsmanager:DescribeSecret"
                  ],
                  "Resource": "*"
                }""");
    }

    @Test
    void okIsMinimal() {
        Diagnosis ok =
                Diagnoses.ok(DiagnosisContext.builder().callerArn(SESSION).build(), null);
        assertThat(ok.code()).isEqualTo(DiagnosisCode.OK);
        assertThat(ok.isOk()).isTrue();
        assertThat(ok.callerArn()).isEqualTo(SESSION);
        assertThat(ok.fixes()).isEmpty();
        assertThat(ok.account()).isNull();
        assertThat(ok.policy()).isNull();
        assertThat(Diagnoses.ok(DiagnosisContext.builder().callerArn(null).build(), null)
                        .summary())
                .isNotBlank();
        Diagnosis withContext = Diagnoses.ok(CTX, "r-9");
        assertThat(withContext.resource()).isEqualTo(SECRET);
        assertThat(withContext.requestId()).isEqualTo("r-9");
    }

    @Test
    void unexpectedOwner_isAnInvalidSecretId() {
        String resolved = "arn:aws:secretsmanager:us-east-1:222222222222:secret:app/db-XyZ123";
        Diagnosis d = Diagnoses.unexpectedOwner(resolved, A1, A2);
        assertThat(d.code()).isEqualTo(DiagnosisCode.INVALID_SECRET_ID);
        assertThat(d.resource()).isEqualTo(resolved);
        assertThat(d.summary()).contains(A1).contains(A2);
        assertThat(d.fixes().get(0).instruction())
                .contains("arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-SUFFIX");
        assertTextsComplete(d);
        assertTextsComplete(Diagnoses.unexpectedOwner(null, null, null));
    }

    @Test
    void kmsProbe_keyPolicy_keepsTheOriginalRequest() {
        Diagnosis refined = Diagnoses.withEvidence(
                Diagnoses.classify(sm("AccessDeniedException", "Access to KMS is not allowed"), CTX),
                CTX,
                null,
                KmsFinding.SIMULATION_ALLOWS);
        assertThat(refined.code()).isEqualTo(DiagnosisCode.KEY_POLICY);
        assertThat(refined.policy()).isEqualTo(PolicyKind.KEY_POLICY);
        assertThat(refined.account()).isEqualTo(A1);
        assertThat(refined.action()).isEqualTo("kms:Decrypt");
        assertThat(refined.resource()).isEqualTo(KEY);
        assertThat(refined.requestId()).isEqualTo("r-1");
        assertThat(refined.awsErrorCode()).isEqualTo("AccessDeniedException");
        assertThat(refined.awsMessage()).isEqualTo("Access to KMS is not allowed");
        assertThat(refined.explanation()).contains("IAM policy simulation shows the role's identity policy");
        assertThat(refined.fixes()).singleElement().satisfies(f -> {
            assertThat(f.policy()).isEqualTo(PolicyKind.KEY_POLICY);
            assertThat(f.target()).isEqualTo(KEY);
            assertThat(principal(statement(f))).isEqualTo(ROLE);
        });
        assertTextsComplete(refined);
    }

    @Test
    void kmsProbe_identityPolicy() {
        Diagnosis refined = Diagnoses.withEvidence(
                Diagnoses.classify(sm("AccessDeniedException", "Access to KMS is not allowed"), CTX),
                CTX,
                null,
                KmsFinding.DIRECT_DECRYPT_NO_IDENTITY_POLICY);
        assertThat(refined.code()).isEqualTo(DiagnosisCode.IDENTITY_POLICY);
        assertThat(refined.account()).isEqualTo(A2);
        assertThat(refined.action()).isEqualTo("kms:Decrypt");
        assertThat(refined.summary())
                .startsWith("The identity policy in account 222222222222 does not allow " + ROLE
                        + " to call kms:Decrypt on " + KEY);
        assertThat(refined.explanation()).contains("a direct kms:Decrypt naming the key was denied");
        JsonNode s = statement(refined.fixes().get(0));
        assertThat(actions(s)).containsExactly("kms:Decrypt");
        assertThat(s.get("Resource").asText()).isEqualTo(KEY);
        assertTextsComplete(refined);
    }

    @Test
    void kmsProbe_withoutContext() {
        Diagnosis refined = Diagnoses.withEvidence(
                Diagnoses.classify(sm("AccessDeniedException", "Access to KMS is not allowed"), null),
                null,
                null,
                KmsFinding.SIMULATION_NO_IDENTITY_POLICY);
        assertThat(refined.code()).isEqualTo(DiagnosisCode.IDENTITY_POLICY);
        assertThat(refined.action()).isEqualTo("kms:Decrypt");
        assertTextsComplete(refined);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ThrottlingException",
                "Throttling",
                "TooManyRequestsException",
                "RequestLimitExceeded",
                "com.amazonaws.kms#ThrottlingException",
                "ProvisionedThroughputExceededException"
            })
    void throttlingCodes(String code) {
        assertThat(Diagnoses.of(sm(code, "Rate exceeded"), null).code()).isEqualTo(DiagnosisCode.THROTTLED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "InternalServiceError",
                "InternalServiceErrorException",
                "InternalFailure",
                "KMSInternalException",
                "ServiceUnavailable",
                "KeyUnavailableException",
                "DependencyTimeoutException"
            })
    void serviceErrorCodes(String code) {
        assertThat(Diagnoses.of(kms(code, "x"), null).code()).isEqualTo(DiagnosisCode.SERVICE_ERROR);
    }

    @Test
    void statusCodesDecideWhenTheCodeDoesNot() {
        assertThat(Diagnoses.of(sm(503, "SomethingNew", "x"), null).code()).isEqualTo(DiagnosisCode.SERVICE_ERROR);
        assertThat(Diagnoses.of(sm(429, "SomethingNew", "x"), null).code()).isEqualTo(DiagnosisCode.THROTTLED);
    }

    @Test
    void timeoutsAndWrappersAreTransient() {
        assertThat(Diagnoses.of(ApiCallTimeoutException.create(1000), null).code())
                .isEqualTo(DiagnosisCode.SERVICE_ERROR);
        assertThat(Diagnoses.of(new CompletionException(sm("ThrottlingException", "Rate exceeded")), null)
                        .code())
                .isEqualTo(DiagnosisCode.THROTTLED);
        assertThat(Diagnoses.of(new UncheckedIOException(new java.io.IOException("reset")), null)
                        .code())
                .isEqualTo(DiagnosisCode.SERVICE_ERROR);
    }

    @Test
    void unknownKeepsTheRawCodeAndMessage() {
        Diagnosis d =
                Diagnoses.of(sm("com.amazonaws.secretsmanager#BrandNewException: extra", "Brand new failure."), CTX);
        assertThat(d.code()).isEqualTo(DiagnosisCode.UNKNOWN);
        assertThat(d.awsErrorCode()).isEqualTo("BrandNewException");
        assertThat(d.awsMessage()).isEqualTo("Brand new failure.");
        assertThat(d.summary()).contains("BrandNewException").contains("Brand new failure.");
        assertThat(d.fixes()).isEmpty();
    }

    @Test
    void nonAwsFailureKeepsItsClassButNotItsMessage_whichMayQuoteAResponse() {
        Diagnosis d = Diagnoses.of(new IllegalStateException("pool closed"), CTX);
        assertThat(d.code()).isEqualTo(DiagnosisCode.UNKNOWN);
        assertThat(d.awsErrorCode()).isNull();
        assertThat(d.summary()).contains("java.lang.IllegalStateException");
        assertThat(d.toText()).doesNotContain("pool closed");
        assertTextsComplete(d);
    }

    @Test
    void neverThrows() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b); // a cycle
        assertThat(Diagnoses.of(a, null).code()).isEqualTo(DiagnosisCode.UNKNOWN);
        assertThat(Diagnoses.of(null, null).code()).isEqualTo(DiagnosisCode.UNKNOWN);
        assertThat(Diagnoses.of(null, null).summary()).isNotBlank();
        assertThat(Diagnoses.of(sm(null, null), null).code()).isEqualTo(DiagnosisCode.UNKNOWN);
        assertThat(Diagnoses.of(sm("AccessDeniedException", null), null).code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
        assertThat(Diagnoses.of(sm("AccessDeniedException", "is not authorized to perform:"), null)
                        .code())
                .isEqualTo(DiagnosisCode.ACCESS_DENIED);
        assertThat(Diagnoses.of(
                                software.amazon.awssdk.awscore.exception.AwsServiceException.builder()
                                        .build(),
                                null)
                        .code())
                .isEqualTo(DiagnosisCode.UNKNOWN);
        DiagnosisContext junk = DiagnosisContext.builder()
                .secretId("arn:")
                .secretArn("arn:aws")
                .callerArn("::")
                .roleArn("arn:aws:iam::x:role/")
                .kmsKeyArn("alias/aws/secretsmanager")
                .clientRegion(" ")
                .build();
        for (Supplier<Diagnosis> s : samples().values()) {
            Diagnosis d = s.get();
            if (d.awsMessage() != null) {
                Diagnosis withJunk = Diagnoses.of(sm(d.awsErrorCode(), d.awsMessage()), junk);
                assertThat(withJunk.summary()).isNotBlank();
            }
        }
    }

    @Test
    void awsManagedKeyAliasInTheContextCountsAsManaged() {
        DiagnosisContext ctx =
                CTX.toBuilder().kmsKeyArn("alias/aws/secretsmanager").build();
        Diagnosis d = Diagnoses.of(sm("AccessDeniedException", "Access to KMS is not allowed"), ctx);
        assertThat(d.code()).isEqualTo(DiagnosisCode.AWS_MANAGED_KEY);
    }

    @Test
    void valueSemantics() {
        Diagnosis one = samples().get(DiagnosisCode.KMS_ACCESS_DENIED).get();
        Diagnosis two = samples().get(DiagnosisCode.KMS_ACCESS_DENIED).get();
        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one).isNotEqualTo(samples().get(DiagnosisCode.KEY_POLICY).get());
        assertThat(one.toString()).contains("KMS_ACCESS_DENIED").doesNotContain("\n");
        assertThat(one.fixes().get(0))
                .isEqualTo(two.fixes().get(0))
                .hasSameHashCodeAs(two.fixes().get(0));
        assertThat(one.fixes().get(0).toString()).contains("KEY_POLICY").doesNotContain("kms:DescribeKey");
        assertThatThrownBy(() -> one.fixes().add(one.fixes().get(0))).isInstanceOf(UnsupportedOperationException.class);

        assertThat(CTX)
                .isEqualTo(CTX.toBuilder().build())
                .hasSameHashCodeAs(CTX.toBuilder().build());
        assertThat(CTX.toString()).contains(SECRET);
        assertThat(CTX.toBuilder().step(Step.DESCRIBE_SECRET).build()).isNotEqualTo(CTX);
        assertThat(DiagnosisContext.builder().secretId("  ").build().secretId()).isNull();
    }

    @Test
    void fixFactoryValidates() {
        Fix fix = Fix.of(A1, PolicyKind.KEY_POLICY, KEY, "Do it.", null);
        assertThat(fix.hasStatement()).isFalse();
        assertThatThrownBy(() -> Fix.of(A1, null, null, " ", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void diagnosticsNeverNeedSecretValues() {
        // The engine only ever sees identifiers; every text is made of codes, ARNs, actions and AWS's message.
        for (Supplier<Diagnosis> s : samples().values()) {
            Diagnosis d = s.get();
            assertThat(d.toText().toLowerCase(Locale.ROOT))
                    .doesNotContain("secretstring")
                    .doesNotContain("password=");
        }
    }

    @Test
    void describeSecretStepWithoutMessageAction() {
        Diagnosis d = Diagnoses.of(
                sm("AccessDeniedException", "Access denied"),
                CTX.toBuilder().step(Step.DESCRIBE_SECRET).build());
        assertThat(d.code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
        assertThat(d.action()).isEqualTo("secretsmanager:DescribeSecret");
        assertThat(actions(statement(d.fixes().get(0))))
                .containsExactly("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");
    }

    @Test
    void sdkClientExceptionWithoutCauseIsUnknown() {
        Diagnosis d = Diagnoses.of(SdkClientException.create("Invalid endpoint configuration"), null);
        assertThat(d.code()).isEqualTo(DiagnosisCode.UNKNOWN);
        assertThat(d.summary()).contains("SdkClientException");
        assertThat(d.toText()).doesNotContain("Invalid endpoint configuration");
    }

    @Test
    void builder_makesTheDiagnosisAUserTestNeeds() {
        Fix fix = Fix.of(A1, PolicyKind.SECRET_RESOURCE_POLICY, SECRET, "Add the statement.", null);
        Diagnosis d = Diagnosis.builder()
                .code(DiagnosisCode.SECRET_RESOURCE_POLICY)
                .account(A1)
                .policy(PolicyKind.SECRET_RESOURCE_POLICY)
                .action("secretsmanager:GetSecretValue")
                .resource(SECRET)
                .summary("Denied by the resource policy.")
                .addFix(fix)
                .requestId("r-7")
                .build();
        assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY);
        assertThat(d.account()).isEqualTo(A1);
        assertThat(d.fixes()).containsExactly(fix);
        assertThat(d.explanation()).isEqualTo("Denied by the resource policy.");
        assertThat(d.toText()).contains("Fix 1: ").contains("Request id: r-7");
        assertThat(d.toBuilder().build()).isEqualTo(d);
        assertThat(d.toBuilder().fixes(List.of()).build().fixes()).isEmpty();
        assertThat(Diagnosis.builder().code(DiagnosisCode.OK).build().summary()).isEqualTo("OK.");
    }

    @Test
    void builder_failsFastNamingTheArgument() {
        assertThatThrownBy(() -> Diagnosis.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("code");
        assertThatThrownBy(() -> Diagnosis.builder().account("1111"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("account")
                .hasMessageContaining("12-digit");
        assertThatThrownBy(() -> Diagnosis.builder().addFix(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("fix");
    }
}
