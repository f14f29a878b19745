package dev.xacct.secrets.diagnosis;

import static dev.xacct.secrets.diagnosis.AwsErrors.A1;
import static dev.xacct.secrets.diagnosis.AwsErrors.A2;
import static dev.xacct.secrets.diagnosis.AwsErrors.KEY;
import static dev.xacct.secrets.diagnosis.AwsErrors.ROLE;
import static dev.xacct.secrets.diagnosis.AwsErrors.SECRET;
import static dev.xacct.secrets.diagnosis.AwsErrors.SESSION;
import static dev.xacct.secrets.diagnosis.AwsErrors.actions;
import static dev.xacct.secrets.diagnosis.AwsErrors.kms;
import static dev.xacct.secrets.diagnosis.AwsErrors.other;
import static dev.xacct.secrets.diagnosis.AwsErrors.principal;
import static dev.xacct.secrets.diagnosis.AwsErrors.sm;
import static dev.xacct.secrets.diagnosis.AwsErrors.smNoRequestId;
import static dev.xacct.secrets.diagnosis.AwsErrors.statement;
import static dev.xacct.secrets.diagnosis.AwsErrors.sts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.DiagnosisContext;
import dev.xacct.secrets.DiagnosisContext.Step;
import dev.xacct.secrets.Fix;
import dev.xacct.secrets.PolicyKind;
import dev.xacct.secrets.internal.diagnosis.Diagnoses;
import java.net.ConnectException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.EncryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;

/**
 * One case per Secrets Manager, KMS and STS message of the catalogue in shared/reference/aws-errors.md (rows 1.x to
 * 8.x), each built as the SDK would build the exception.
 */
class CatalogueTest {

    private static final DiagnosisContext NONE = DiagnosisContext.empty();

    private static final DiagnosisContext CROSS_ACCOUNT = DiagnosisContext.builder()
            .secretId(SECRET)
            .secretArn(SECRET)
            .roleArn(ROLE)
            .callerArn(SESSION)
            .kmsKeyArn(KEY)
            .clientRegion("us-east-1")
            .step(Step.GET_SECRET_VALUE)
            .build();

    private static Diagnosis of(Throwable t) {
        return Diagnoses.of(t, NONE);
    }

    @Nested
    @DisplayName("Case 1: the secret's resource policy")
    class ResourcePolicy {

        @Test
        void row1_1_missingResourcePolicy_boto3Prefix() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "An error occurred (AccessDeniedException) when calling the"
                            + " GetSecretValue operation: User: arn:aws:iam::123456789012:user/admin is not authorized to"
                            + " perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:"
                            + "536883072436:secret:abcDEfgHiJKLMno-abcDeF because no resource-based policy allows the"
                            + " secretsmanager:GetSecretValue action"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY);
            // Another account's secret: AWS answers a missing secret alike, so the policy is a candidate only.
            assertThat(d.policy()).isNull();
            assertThat(d.account()).isEqualTo("536883072436");
            assertThat(d.action()).isEqualTo("secretsmanager:GetSecretValue");
            assertThat(d.resource())
                    .isEqualTo("arn:aws:secretsmanager:us-east-1:536883072436:secret:abcDEfgHiJKLMno-abcDeF");
            assertThat(d.callerArn()).isEqualTo("arn:aws:iam::123456789012:user/admin");
            assertThat(d.requestId()).isEqualTo("r-1");
            assertThat(d.awsErrorCode()).isEqualTo("AccessDeniedException");
            assertThat(d.fixes()).hasSize(2);
            Fix fix = d.fixes().get(0);
            assertThat(fix.policy()).isEqualTo(PolicyKind.SECRET_RESOURCE_POLICY);
            assertThat(fix.account()).isEqualTo("536883072436");
            assertThat(fix.target()).isEqualTo(d.resource());
            JsonNode s = statement(fix);
            assertThat(s.get("Effect").asText()).isEqualTo("Allow");
            assertThat(principal(s)).isEqualTo("arn:aws:iam::123456789012:user/admin");
            assertThat(actions(s)).containsExactly("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");
            assertThat(s.get("Resource").asText()).isEqualTo("*");
            assertThat(d.summary())
                    .startsWith("The secret's resource policy in account 536883072436 does not allow"
                            + " arn:aws:iam::123456789012:user/admin to call secretsmanager:GetSecretValue");
            assertThat(d.explanation()).contains("identity policy");
        }

        @Test
        void row1_1_crossAccountScenario_usesConfiguredRoleAndSummaryFromTheBrief() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "User: " + SESSION + " is not authorized to"
                                    + " perform: secretsmanager:GetSecretValue on resource: " + SECRET
                                    + " because no resource-based"
                                    + " policy allows the secretsmanager:GetSecretValue action"),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY);
            assertThat(d.account()).isEqualTo(A1);
            assertThat(d.summary())
                    .isEqualTo("The secret's resource policy in account 111111111111 does not allow"
                            + " arn:aws:iam::222222222222:role/ApplicationRole to call secretsmanager:GetSecretValue on "
                            + SECRET + ", or no secret exists at that ARN: AWS answers both alike.");
            JsonNode s = statement(d.fixes().get(0));
            assertThat(principal(s)).isEqualTo(ROLE);
            assertThat(d.fixes().get(0).instruction()).contains("put-resource-policy --secret-id " + SECRET);
        }

        @Test
        void row1_4_goSdkV2DescribeSecret_requestIdFromMessage() {
            Diagnosis d = of(smNoRequestId(
                    "AccessDeniedException",
                    "operation error Secrets Manager: DescribeSecret,"
                            + " https response error StatusCode: 400, RequestID: 59d39fdd-7687-4381-94a9-78f87fceb603, api"
                            + " error AccessDeniedException: User: arn:aws:iam::654654598709:user/cloud_user is not authorized"
                            + " to perform: secretsmanager:DescribeSecret on resource: arn:aws:secretsmanager:us-east-1:"
                            + "329482598717:secret:burrito-barn-dev-api-key-GMOV2I because no resource-based policy allows"
                            + " the secretsmanager:DescribeSecret action"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY);
            assertThat(d.account()).isEqualTo("329482598717");
            assertThat(d.action()).isEqualTo("secretsmanager:DescribeSecret");
            assertThat(d.requestId()).isEqualTo("59d39fdd-7687-4381-94a9-78f87fceb603");
            JsonNode s = statement(d.fixes().get(0));
            assertThat(actions(s)).containsExactly("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");
            assertThat(principal(s)).isEqualTo("arn:aws:iam::654654598709:user/cloud_user");
        }

        @Test
        void row1_5_principalWithoutUserPrefix_derivesRoleFromSession() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "arn:aws:sts::123456789012:assumed-role/app-role/MySession"
                            + " is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:"
                            + "secretsmanager:us-east-1:111111122222:secret:top-secret because no resource-based policy"
                            + " allows the secretsmanager:GetSecretValue action"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY);
            assertThat(d.account()).isEqualTo("111111122222");
            assertThat(d.callerArn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/app-role/MySession");
            assertThat(principal(statement(d.fixes().get(0)))).isEqualTo("arn:aws:iam::123456789012:role/app-role");
        }

        @Test
        void row1_5_regionMismatch_blamesTheRegionNotThePolicy() {
            DiagnosisContext ctx = DiagnosisContext.builder()
                    .secretId("arn:aws:secretsmanager:us-east-1:111111122222:secret:top-secret")
                    .clientRegion("eu-west-1")
                    .build();
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "arn:aws:sts::123456789012:assumed-role/app-role/"
                                    + "MySession is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:"
                                    + "secretsmanager:us-east-1:111111122222:secret:top-secret because no resource-based policy"
                                    + " allows the secretsmanager:GetSecretValue action"),
                    ctx);
            assertThat(d.code()).isEqualTo(DiagnosisCode.REGION_MISMATCH);
            assertThat(d.account()).isEqualTo("123456789012");
            assertThat(d.policy()).isNull();
            assertThat(d.summary()).contains("eu-west-1").contains("us-east-1");
            assertThat(d.fixes()).singleElement().satisfies(f -> {
                assertThat(f.statement()).isNull();
                assertThat(f.policy()).isNull();
                assertThat(f.instruction()).contains("us-east-1");
            });
        }

        @Test
        void row1_6_bareNameWithResourcePolicyCondition() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "An error occurred (AccessDeniedException) when calling the"
                            + " GetSecretValue operation: User: arn:aws:sts::123456789012:assumed-role/LabRole/"
                            + "i-0abcd1234ef567890 is not authorized to perform: secretsmanager:GetSecretValue on resource:"
                            + " app/production/db-password because no resource-based policy allows the"
                            + " secretsmanager:GetSecretValue action"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY);
            assertThat(d.resource()).isEqualTo("app/production/db-password");
            // A bare name resolves in the caller's own account.
            assertThat(d.account()).isEqualTo("123456789012");
            Fix fix = d.fixes().get(0);
            assertThat(fix.target()).isNull();
            assertThat(principal(statement(fix))).isEqualTo("arn:aws:iam::123456789012:role/LabRole");
            assertThat(d.explanation()).contains("Condition");
        }

        @Test
        void row1_7_oldFormatWithoutReason_listsBothCandidates() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "An error occurred (AccessDeniedException) when calling the"
                            + " GetSecretValue operation: User: arn:aws:sts::<different_account>:assumed-role/"
                            + "<some-role-with-permissions>/i-0abc46f15c8f04659 is not authorized to perform:"
                            + " secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:eu-west…"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
            assertThat(d.account()).isNull();
            assertThat(d.policy()).isNull();
            assertThat(d.action()).isEqualTo("secretsmanager:GetSecretValue");
            assertThat(d.fixes())
                    .extracting(Fix::policy)
                    .containsExactly(PolicyKind.SECRET_RESOURCE_POLICY, PolicyKind.IDENTITY_POLICY);
            // The principal is redacted and the ARN truncated: nothing is invented.
            assertThat(d.fixes()).allSatisfy(f -> assertThat(f.statement()).isNull());
        }

        @Test
        void row1_7_oldFormatWithContext_bothStatementsFilledIn() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "User: " + SESSION + " is not authorized to"
                                    + " perform: secretsmanager:GetSecretValue on resource: " + SECRET),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
            assertThat(d.account()).isNull();
            Fix resourceFix = d.fixes().get(0);
            Fix identityFix = d.fixes().get(1);
            assertThat(resourceFix.account()).isEqualTo(A1);
            assertThat(resourceFix.target()).isEqualTo(SECRET);
            assertThat(principal(statement(resourceFix))).isEqualTo(ROLE);
            assertThat(identityFix.account()).isEqualTo(A2);
            assertThat(identityFix.target()).isEqualTo(ROLE);
            JsonNode s = statement(identityFix);
            assertThat(actions(s)).containsExactly("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");
            assertThat(s.get("Resource").asText()).isEqualTo(SECRET);
            assertThat(s.has("Principal")).isFalse();
        }

        @Test
        void row1_10_docExampleWithoutOnResource() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "User: arn:aws:iam::123456789012:user/JohnDoe is not"
                            + " authorized to perform: secretsmanager:GetSecretValue because no resource-based policy allows"
                            + " the secretsmanager:GetSecretValue action"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY);
            assertThat(d.action()).isEqualTo("secretsmanager:GetSecretValue");
            assertThat(d.resource()).isNull();
            assertThat(d.account()).isNull();
            assertThat(principal(statement(d.fixes().get(0)))).isEqualTo("arn:aws:iam::123456789012:user/JohnDoe");
        }

        @Test
        void row1_10_docExampleWithContext_takesTheSecretFromTheContext() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "User: arn:aws:iam::123456789012:user/JohnDoe is"
                                    + " not authorized to perform: secretsmanager:GetSecretValue because no resource-based policy"
                                    + " allows the secretsmanager:GetSecretValue action."),
                    DiagnosisContext.builder().secretArn(SECRET).build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY);
            assertThat(d.resource()).isEqualTo(SECRET);
            assertThat(d.account()).isEqualTo(A1);
            assertThat(d.fixes().get(0).target()).isEqualTo(SECRET);
        }
    }

    @Nested
    @DisplayName("Case 2: the identity policy")
    class IdentityPolicy {

        @Test
        void row2_1_bareNameCrossAccount_isAnInvalidSecretId() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "AccessDeniedException: User: arn:aws:sts::"
                                    + "AWSACCOUNTID1:assumed-role/EKSSecretsReaderRole/external-secrets-provider-aws is not authorized"
                                    + " to perform: secretsmanager:GetSecretValue on resource: appsecret/test/new-test because no"
                                    + " identity-based policy allows the secretsmanager:GetSecretValue action\nstatus code: 400,"),
                    DiagnosisContext.builder()
                            .secretId("appsecret/test/new-test")
                            .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.INVALID_SECRET_ID);
            assertThat(d.resource()).isEqualTo("appsecret/test/new-test");
            assertThat(d.action()).isEqualTo("secretsmanager:GetSecretValue");
            assertThat(d.policy()).isNull();
            assertThat(d.account()).isNull();
            assertThat(d.explanation()).contains("a bare name resolves in the caller's own account; use the full ARN");
            assertThat(d.fixes()).singleElement().satisfies(f -> {
                assertThat(f.statement()).isNull();
                assertThat(f.instruction()).contains("full ARN").contains("appsecret/test/new-test");
            });
        }

        @Test
        void row2_2_goSdkV1_bareName_requestIdFromMessage() {
            Diagnosis d = of(smNoRequestId(
                    "AccessDeniedException",
                    "AccessDeniedException: User: arn:aws:sts::"
                            + "903779448426:assumed-role/MongoDB-Atlas-CDK-Excecution/8ce94db6-f347-1447-0e88-762666244885 is"
                            + " not authorized to perform: secretsmanager:GetSecretValue on resource: cfn/atlas/profile/"
                            + "development because no identity-based policy allows the secretsmanager:GetSecretValue action"
                            + " status code: 400, request id: 332c0e26-bdf4-4cc0-add0-805f2acf50e5"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.INVALID_SECRET_ID);
            assertThat(d.account()).isEqualTo("903779448426");
            assertThat(d.resource()).isEqualTo("cfn/atlas/profile/development");
            assertThat(d.requestId()).isEqualTo("332c0e26-bdf4-4cc0-add0-805f2acf50e5");
        }

        @Test
        void row2_2_bareNameWithKnownArn_namesTheArnToUse() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "User: " + SESSION + " is not authorized to"
                                    + " perform: secretsmanager:GetSecretValue on resource: app/db because no identity-based policy"
                                    + " allows the secretsmanager:GetSecretValue action"),
                    DiagnosisContext.builder()
                            .secretId("app/db")
                            .secretArn(SECRET)
                            .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.INVALID_SECRET_ID);
            assertThat(d.account()).isEqualTo(A2);
            assertThat(d.fixes().get(0).instruction()).contains(SECRET).contains("app/db");
        }

        @Test
        void row2_3_boto3RedactedAccount() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "An error occurred (AccessDeniedException) when calling the"
                            + " GetSecretValue operation: User: arn:aws:sts::*********:assumed-role/nautobot-stg-webserver-"
                            + "permissions-role/********** is not authorized to perform: secretsmanager:GetSecretValue on"
                            + " resource: sharepoint_account because no identity-based policy allows the"
                            + " secretsmanager:GetSecretValue action"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.INVALID_SECRET_ID);
            assertThat(d.resource()).isEqualTo("sharepoint_account");
            assertThat(d.account()).isNull();
        }

        @Test
        void row2_5_elidedPrincipal_callerFromContext() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            ".. not authorized to perform:"
                                    + " secretsmanager:GetSecretValue on resource: myapp/top-secret because no identity-based policy"
                                    + " allows the secretsmanager:GetSecretValue action"),
                    DiagnosisContext.builder().callerArn(SESSION).build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.INVALID_SECRET_ID);
            assertThat(d.resource()).isEqualTo("myapp/top-secret");
            assertThat(d.callerArn()).isEqualTo(SESSION);
            assertThat(d.account()).isEqualTo(A2);
        }

        @Test
        void row2_7_truncatedReasonClause_fallsBackToBothCandidates() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "failed to fetch secret arn:aws:secretsmanager:ap-northeast-1:"
                            + "810477631786:secret:N8N_ENCRYPTION_KEY-nAG4eC from secrets manager: operation error Secrets"
                            + " Manager: GetSecretValue, https response error StatusCode: 400, RequestID: d45b80b7-7a19-49eb-"
                            + "8fd2-44305bb5e5d7, api error AccessDeniedException: User: arn:aws:sts::810477631786:"
                            + "assumed-role/"
                            + "ecsTaskExecutionRole/668f97696c2f47f7ab6582a0b87413eb is not authorized to perform:"
                            + " secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:ap-northeast-1:810477631786:"
                            + "secret:N8N_ENCRYPTION_KEY-nAG4eC becau…"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
            assertThat(d.callerArn())
                    .isEqualTo("arn:aws:sts::810477631786:assumed-role/ecsTaskExecutionRole/"
                            + "668f97696c2f47f7ab6582a0b87413eb");
            assertThat(d.resource())
                    .isEqualTo(
                            "arn:aws:secretsmanager:ap-northeast-1:810477631786:secret:" + "N8N_ENCRYPTION_KEY-nAG4eC");
            JsonNode identity = statement(d.fixes().get(1));
            assertThat(identity.get("Resource").asText()).isEqualTo(d.resource());
            assertThat(principal(statement(d.fixes().get(0))))
                    .isEqualTo("arn:aws:iam::810477631786:role/ecsTaskExecutionRole");
        }

        @Test
        void row2_8_crossAccountFullArn_isTheIdentityPolicy() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "User: " + SESSION + " is not authorized to"
                                    + " perform: secretsmanager:GetSecretValue on resource: " + SECRET
                                    + " because no identity-based"
                                    + " policy allows the secretsmanager:GetSecretValue action"),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.IDENTITY_POLICY);
            assertThat(d.policy()).isEqualTo(PolicyKind.IDENTITY_POLICY);
            assertThat(d.account()).isEqualTo(A2);
            assertThat(d.action()).isEqualTo("secretsmanager:GetSecretValue");
            assertThat(d.resource()).isEqualTo(SECRET);
            Fix fix = d.fixes().get(0);
            assertThat(fix.target()).isEqualTo(ROLE);
            assertThat(fix.account()).isEqualTo(A2);
            assertThat(fix.instruction()).contains("put-role-policy --role-name ApplicationRole");
            JsonNode s = statement(fix);
            assertThat(actions(s)).containsExactly("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");
            assertThat(s.get("Resource").asText()).isEqualTo(SECRET);
        }

        @Test
        void row2_8_withoutRoleArn_derivesTheRoleFromTheSession() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "User: " + SESSION + " is not authorized to perform:"
                            + " secretsmanager:GetSecretValue on resource: " + SECRET
                            + " because no identity-based policy"
                            + " allows the secretsmanager:GetSecretValue action"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.IDENTITY_POLICY);
            assertThat(d.fixes().get(0).target()).isEqualTo(ROLE);
        }

        @Test
        void row2_8_configuredRoleWithPath_isPreferredOverTheSessionDerivedRole() {
            String roleWithPath = "arn:aws:iam::222222222222:role/apps/ApplicationRole";
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "User: " + SESSION + " is not authorized to"
                                    + " perform: secretsmanager:GetSecretValue on resource: " + SECRET
                                    + " because no resource-based"
                                    + " policy allows the secretsmanager:GetSecretValue action"),
                    DiagnosisContext.builder().roleArn(roleWithPath).build());
            assertThat(principal(statement(d.fixes().get(0)))).isEqualTo(roleWithPath);
        }

        @Test
        void row2_8_awsUsGovPartition() {
            String session = "arn:aws-us-gov:sts::222222222222:assumed-role/ApplicationRole/s";
            String secret = "arn:aws-us-gov:secretsmanager:us-gov-west-1:111111111111:secret:app/db-AbCdEf";
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "User: " + session + " is not authorized to perform:"
                            + " secretsmanager:GetSecretValue on resource: " + secret
                            + " because no identity-based policy"
                            + " allows the secretsmanager:GetSecretValue action"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.IDENTITY_POLICY);
            assertThat(d.account()).isEqualTo(A2);
            assertThat(d.fixes().get(0).target()).isEqualTo("arn:aws-us-gov:iam::222222222222:role/ApplicationRole");
            assertThat(statement(d.fixes().get(0)).get("Resource").asText()).isEqualTo(secret);
        }

        @Test
        void row2_8_awsCnPartition_resourcePolicy() {
            String session = "arn:aws-cn:sts::222222222222:assumed-role/ApplicationRole/s";
            String secret = "arn:aws-cn:secretsmanager:cn-north-1:111111111111:secret:app/db-AbCdEf";
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "User: " + session + " is not authorized to perform:"
                            + " secretsmanager:GetSecretValue on resource: " + secret
                            + " because no resource-based policy"
                            + " allows the secretsmanager:GetSecretValue action"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY);
            assertThat(d.account()).isEqualTo(A1);
            assertThat(principal(statement(d.fixes().get(0))))
                    .isEqualTo("arn:aws-cn:iam::222222222222:role/ApplicationRole");
        }
    }

    @Nested
    @DisplayName("Case 3: explicit deny and guardrails")
    class DenyAndGuardrails {

        @Test
        void row3_1_explicitDenyInTheSecretsResourcePolicy_bareName() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "An error occurred (AccessDeniedException) when calling the"
                            + " DescribeSecret operation: User: arn:aws:iam::543742734891:user/test is not authorized to"
                            + " perform: secretsmanager:DescribeSecret on resource: my-example-secret with an explicit deny in"
                            + " a resource-based policy"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPLICIT_DENY);
            assertThat(d.policy()).isEqualTo(PolicyKind.SECRET_RESOURCE_POLICY);
            assertThat(d.account()).isEqualTo("543742734891");
            assertThat(d.action()).isEqualTo("secretsmanager:DescribeSecret");
            assertThat(d.resource()).isEqualTo("my-example-secret");
            assertThat(d.fixes()).singleElement().satisfies(f -> {
                assertThat(f.statement()).isNull();
                assertThat(f.policy()).isEqualTo(PolicyKind.SECRET_RESOURCE_POLICY);
                assertThat(f.instruction()).startsWith("Remove or narrow the Deny statement");
            });
        }

        @Test
        void row3_2_explicitDenyInTheResourcePolicy_docExample() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "User: arn:aws:iam::123456789012:user/JohnDoe is not"
                            + " authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:"
                            + "us-east-1:123456789012:secret:* with an explicit deny in a resource-based policy"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPLICIT_DENY);
            assertThat(d.policy()).isEqualTo(PolicyKind.SECRET_RESOURCE_POLICY);
            assertThat(d.account()).isEqualTo("123456789012");
            assertThat(d.resource()).isEqualTo("arn:aws:secretsmanager:us-east-1:123456789012:secret:*");
            assertThat(d.summary())
                    .startsWith("The secret's resource policy in account 123456789012 explicitly" + " denies");
        }

        @Test
        void row3_3_explicitDenyInAResourceControlPolicy() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "User: arn:aws:iam::123456789012:user/John is not authorized"
                            + " to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:"
                            + "123456789012:secret:* with an explicit deny in a resource control policy"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPLICIT_DENY);
            assertThat(d.policy()).isEqualTo(PolicyKind.RESOURCE_CONTROL_POLICY);
            assertThat(d.account()).isNull();
            assertThat(d.summary()).startsWith("A resource control policy explicitly denies");
        }

        @Test
        void row3_5_scpExplicitDenyWithPolicyArnSuffix() {
            String policyArn =
                    "arn:aws:organizations::705927066274:policy/o-ysrrabz20z/service_control_policy/" + "p-ddxnpgbm";
            Diagnosis d = of(other(
                    "Bedrock",
                    "AccessDeniedException",
                    "AccessDeniedException: not authorized to"
                            + " perform: bedrock:InvokeModel on resource: arn:aws:bedrock:eu-north-1::foundation-model/"
                            + "anthropic.claude-sonnet-4-6 with an explicit deny in a service control policy: "
                            + policyArn));
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPLICIT_DENY);
            assertThat(d.policy()).isEqualTo(PolicyKind.SERVICE_CONTROL_POLICY);
            assertThat(d.account()).isNull();
            assertThat(d.action()).isEqualTo("bedrock:InvokeModel");
            assertThat(d.callerArn()).isNull();
            assertThat(d.fixes()).singleElement().satisfies(f -> {
                assertThat(f.target()).isEqualTo(policyArn);
                assertThat(f.instruction()).contains(policyArn);
                assertThat(f.statement()).isNull();
            });
            assertThat(d.explanation()).contains(policyArn);
        }

        @Test
        void row3_5_scpExplicitDenyOnSecretsManager() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "User: " + SESSION + " is not authorized to"
                                    + " perform: secretsmanager:GetSecretValue on resource: " + SECRET
                                    + " with an explicit deny in a"
                                    + " service control policy: arn:aws:organizations::999999999999:policy/o-abc/"
                                    + "service_control_policy/p-123."),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPLICIT_DENY);
            assertThat(d.policy()).isEqualTo(PolicyKind.SERVICE_CONTROL_POLICY);
            assertThat(d.account()).isNull();
            assertThat(d.fixes().get(0).target())
                    .isEqualTo("arn:aws:organizations::999999999999:policy/o-abc/service_control_policy/p-123");
        }

        @Test
        void row3_6_scpOldExplicitWording() {
            Diagnosis d = of(other(
                    "CodeCommit",
                    "AccessDeniedException",
                    "User: arn:aws:iam::777788889999:user/"
                            + "JohnDoe is not authorized to perform: codecommit:ListRepositories with an explicit deny in a"
                            + " service control policy"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPLICIT_DENY);
            assertThat(d.policy()).isEqualTo(PolicyKind.SERVICE_CONTROL_POLICY);
            assertThat(d.action()).isEqualTo("codecommit:ListRepositories");
            assertThat(d.resource()).isNull();
            assertThat(d.explanation()).contains("explicit even when");
        }

        @Test
        void row3_6_scpNewImplicitWording_isAGuardrail() {
            Diagnosis d = of(other(
                    "CodeCommit",
                    "AccessDeniedException",
                    "User: arn:aws:iam::777788889999:user/"
                            + "JohnDoe is not authorized to perform: codecommit:ListRepositories because no service control"
                            + " policy allows the codecommit:ListRespositories action"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.POLICY_GUARDRAIL);
            assertThat(d.policy()).isEqualTo(PolicyKind.SERVICE_CONTROL_POLICY);
            assertThat(d.account()).isNull();
            JsonNode s = statement(d.fixes().get(0));
            assertThat(actions(s)).containsExactly("codecommit:ListRepositories");
            assertThat(s.get("Resource").asText()).isEqualTo("*");
        }

        @Test
        void row3_8_permissionsBoundaryImplicit() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "User: " + SESSION + " is not authorized to"
                                    + " perform: secretsmanager:GetSecretValue on resource: " + SECRET
                                    + " because no permissions"
                                    + " boundary allows the secretsmanager:GetSecretValue action"),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.POLICY_GUARDRAIL);
            assertThat(d.policy()).isEqualTo(PolicyKind.PERMISSIONS_BOUNDARY);
            assertThat(d.account()).isEqualTo(A2);
            Fix fix = d.fixes().get(0);
            assertThat(fix.target()).isEqualTo(ROLE);
            JsonNode s = statement(fix);
            assertThat(actions(s)).containsExactly("secretsmanager:GetSecretValue");
            assertThat(s.get("Resource").asText()).isEqualTo(SECRET);
            assertThat(d.summary()).startsWith("The permissions boundary in account 222222222222 does not allow");
        }

        @Test
        void row3_8_permissionsBoundaryExplicit() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "User: " + SESSION + " is not authorized to"
                                    + " perform: secretsmanager:GetSecretValue on resource: " + SECRET
                                    + " with an explicit deny in a"
                                    + " permissions boundary"),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPLICIT_DENY);
            assertThat(d.policy()).isEqualTo(PolicyKind.PERMISSIONS_BOUNDARY);
            assertThat(d.account()).isEqualTo(A2);
            assertThat(d.fixes().get(0).statement()).isNull();
        }

        @Test
        void row3_9_sessionPolicyImplicit() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "User: " + SESSION + " is not authorized to"
                                    + " perform: secretsmanager:GetSecretValue on resource: " + SECRET
                                    + " because no session policy"
                                    + " allows the secretsmanager:GetSecretValue action"),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.POLICY_GUARDRAIL);
            assertThat(d.policy()).isEqualTo(PolicyKind.SESSION_POLICY);
            assertThat(d.account()).isEqualTo(A2);
            assertThat(statement(d.fixes().get(0)).get("Resource").asText()).isEqualTo(SECRET);
        }

        @Test
        void row3_10_vpcEndpointPolicyOnSsm_goSdkV1() {
            Diagnosis d = of(other(
                    "SSM",
                    "AccessDeniedException",
                    "User: arn:aws:sts::8XXXXXXXXX0:assumed-role/"
                            + "PLM-ECS-PLMECSTaskExecutionRole-1ELKRFLI7MRK8/ab31f3f626f2442da9bfb200c618e393 is not authorized"
                            + " to perform: ssm:GetParameters on resource: arn:aws:ssm:us-west-2:8XXXXXXXXX0:parameter/"
                            + "CFN-PLMSecretParameter-BlcjtHm1Fj7R because no VPC endpoint policy allows the ssm:GetParameters"
                            + " action status code: 400, request id: xx-214b-4704-ad1e-xx"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.POLICY_GUARDRAIL);
            assertThat(d.policy()).isEqualTo(PolicyKind.VPC_ENDPOINT_POLICY);
            assertThat(d.account()).isNull();
            assertThat(d.action()).isEqualTo("ssm:GetParameters");
            assertThat(d.resource())
                    .isEqualTo("arn:aws:ssm:us-west-2:8XXXXXXXXX0:parameter/" + "CFN-PLMSecretParameter-BlcjtHm1Fj7R");
        }

        @Test
        void row3_11_vpcEndpointPolicyOnSecretsManager() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "User: " + SESSION + " is not authorized to"
                                    + " perform: secretsmanager:GetSecretValue on resource: " + SECRET
                                    + " because no VPC endpoint"
                                    + " policy allows the secretsmanager:GetSecretValue action"),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.POLICY_GUARDRAIL);
            assertThat(d.policy()).isEqualTo(PolicyKind.VPC_ENDPOINT_POLICY);
            JsonNode s = statement(d.fixes().get(0));
            assertThat(principal(s)).isEqualTo(ROLE);
            assertThat(actions(s)).containsExactly("secretsmanager:GetSecretValue");
            assertThat(s.get("Resource").asText()).isEqualTo(SECRET);
        }

        @Test
        void row3_11_vpcEndpointPolicyExplicit() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "... is not authorized to perform:"
                                    + " secretsmanager:GetSecretValue on resource: " + SECRET
                                    + " with an explicit deny in a VPC"
                                    + " endpoint policy"),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPLICIT_DENY);
            assertThat(d.policy()).isEqualTo(PolicyKind.VPC_ENDPOINT_POLICY);
            assertThat(d.account()).isNull();
        }

        @Test
        void row3_12_transitivelyThroughAServiceControlPolicy() {
            Diagnosis d = of(other(
                    "SNS",
                    "AuthorizationError",
                    "User: arn:aws:sts::111122223333:assumed-role/"
                            + "role-name/role-session-name is not authorized to perform: SNS:Publish on resource: arn:aws:sns:"
                            + "us-east-1:444455556666:role-name-2 with an explicit deny in a VPC endpoint policy transitively"
                            + " through a service control policy"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPLICIT_DENY);
            assertThat(d.policy()).isEqualTo(PolicyKind.VPC_ENDPOINT_POLICY);
            assertThat(d.action()).isEqualTo("SNS:Publish");
            assertThat(d.explanation()).contains("transitively through a service control policy");
        }

        @Test
        void explicitDenyInTheIdentityPolicy() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "User: " + SESSION + " is not authorized to"
                                    + " perform: secretsmanager:GetSecretValue on resource: " + SECRET
                                    + " with an explicit deny in an"
                                    + " identity-based policy"),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPLICIT_DENY);
            assertThat(d.policy()).isEqualTo(PolicyKind.IDENTITY_POLICY);
            assertThat(d.account()).isEqualTo(A2);
            assertThat(d.fixes().get(0).target()).isEqualTo(ROLE);
        }

        @Test
        void explicitDenyInTheKeyPolicy() {
            Diagnosis d = Diagnoses.of(
                    kms(
                            "AccessDeniedException",
                            "User: " + SESSION + " is not authorized to"
                                    + " perform: kms:Decrypt on resource: " + KEY
                                    + " with an explicit deny in a resource-based"
                                    + " policy"),
                    CROSS_ACCOUNT.toBuilder().step(Step.KMS_DECRYPT).build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPLICIT_DENY);
            assertThat(d.policy()).isEqualTo(PolicyKind.KEY_POLICY);
            assertThat(d.account()).isEqualTo(A1);
            assertThat(d.fixes().get(0).target()).isEqualTo(KEY);
        }
    }

    @Nested
    @DisplayName("Case 4: the AWS managed key")
    class ManagedKey {

        private static final String MESSAGE = "You can't access a secret from a different AWS account if you encrypt"
                + " the secret with the default KMS service key.";

        @Test
        void row4_1_invalidRequestException() {
            Diagnosis d = Diagnoses.of(
                    InvalidRequestException.builder()
                            .statusCode(400)
                            .awsErrorDetails(AwsErrors.details("InvalidRequestException", MESSAGE, "SecretsManager"))
                            .requestId("r-4")
                            .build(),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.AWS_MANAGED_KEY);
            assertThat(d.account()).isEqualTo(A1);
            assertThat(d.policy()).isEqualTo(PolicyKind.KEY_POLICY);
            assertThat(d.requestId()).isEqualTo("r-4");
            assertThat(d.summary()).startsWith("The KMS key policy in account 111111111111");
            Fix newKey = d.fixes().get(0);
            assertThat(newKey.policy()).isEqualTo(PolicyKind.KEY_POLICY);
            assertThat(newKey.account()).isEqualTo(A1);
            assertThat(newKey.instruction())
                    .contains("aws secretsmanager update-secret --secret-id " + SECRET + " --kms-key-id");
            JsonNode s = statement(newKey);
            assertThat(principal(s)).isEqualTo(ROLE);
            assertThat(actions(s)).containsExactly("kms:Decrypt");
            assertThat(s.get("Condition")
                            .get("StringEquals")
                            .get("kms:CallerAccount")
                            .asText())
                    .isEqualTo(A2);
            assertThat(s.get("Resource").asText()).isEqualTo("*");
            Fix identity = d.fixes().get(1);
            assertThat(identity.account()).isEqualTo(A2);
            assertThat(identity.statement())
                    .as("the new key's ARN is not known yet")
                    .isNull();
        }

        @Test
        void row4_3_sameTextFromTheKnowledgeCenter_withoutContext() {
            Diagnosis d = of(sm("InvalidRequestException", MESSAGE));
            assertThat(d.code()).isEqualTo(DiagnosisCode.AWS_MANAGED_KEY);
            assertThat(d.account()).isNull();
            assertThat(d.fixes().get(0).statement()).isNull();
            assertThat(d.fixes().get(0).instruction()).contains("not known here");
        }

        @Test
        void row4_4_javaClassNameAsCode() {
            Diagnosis d =
                    Diagnoses.of(sm("com.amazonaws.secretsmanager#InvalidRequestException", MESSAGE), CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.AWS_MANAGED_KEY);
            assertThat(d.awsErrorCode()).isEqualTo("InvalidRequestException");
        }
    }

    @Nested
    @DisplayName("Case 5: KMS")
    class Kms {

        @Test
        void row5_1_accessToKmsIsNotAllowed_listsBothCandidates() {
            Diagnosis d = Diagnoses.of(sm("AccessDeniedException", "Access to KMS is not allowed"), CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
            assertThat(d.account()).isNull();
            assertThat(d.policy()).isNull();
            assertThat(d.action()).isEqualTo("kms:Decrypt");
            assertThat(d.resource()).isEqualTo(KEY);
            assertThat(d.fixes()).hasSize(2);
            Fix keyFix = d.fixes().get(0);
            assertThat(keyFix.policy()).isEqualTo(PolicyKind.KEY_POLICY);
            assertThat(keyFix.account()).isEqualTo(A1);
            assertThat(keyFix.target()).isEqualTo(KEY);
            JsonNode k = statement(keyFix);
            assertThat(principal(k)).isEqualTo(ROLE);
            assertThat(actions(k)).containsExactly("kms:Decrypt");
            assertThat(k.get("Condition")
                            .get("StringEquals")
                            .get("kms:ViaService")
                            .asText())
                    .isEqualTo("secretsmanager.us-east-1.amazonaws.com");
            assertThat(k.get("Resource").asText()).isEqualTo("*");
            Fix identityFix = d.fixes().get(1);
            assertThat(identityFix.policy()).isEqualTo(PolicyKind.IDENTITY_POLICY);
            assertThat(identityFix.account()).isEqualTo(A2);
            assertThat(identityFix.target()).isEqualTo(ROLE);
            JsonNode i = statement(identityFix);
            assertThat(actions(i)).containsExactly("kms:Decrypt");
            assertThat(i.get("Resource").asText()).isEqualTo(KEY);
            assertThat(d.summary())
                    .startsWith("The KMS key policy in account 111111111111 or the identity policy in"
                            + " account 222222222222");
        }

        @Test
        void row5_2_goSdkV1Shape_unknownKeyAndRole_omitStatements() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "AccessDeniedException:\n Access to KMS is not allowed\n" + "\tstatus code: 400, "));
            assertThat(d.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
            assertThat(d.fixes())
                    .hasSize(2)
                    .allSatisfy(f -> assertThat(f.statement()).isNull());
            assertThat(d.fixes().get(1).instruction()).contains("KmsKeyId");
            assertThat(d.explanation()).contains("aws/secretsmanager");
        }

        @Test
        void row5_2_unknownKeyButKnownRole_keepsTheKeyPolicyStatement() {
            DiagnosisContext ctx = CROSS_ACCOUNT.toBuilder().kmsKeyArn(null).build();
            Diagnosis d = Diagnoses.of(sm("AccessDeniedException", "Access to KMS is not allowed"), ctx);
            assertThat(d.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
            assertThat(d.resource()).isNull();
            Fix keyFix = d.fixes().get(0);
            assertThat(keyFix.target()).isNull();
            assertThat(keyFix.account()).isNull();
            assertThat(principal(statement(keyFix))).isEqualTo(ROLE);
            assertThat(keyFix.instruction()).contains("describe-secret --secret-id " + SECRET);
            Fix identityFix = d.fixes().get(1);
            assertThat(identityFix.statement()).isNull();
            assertThat(identityFix.instruction()).contains("KmsKeyId");
        }

        @Test
        void row5_3_crossAccountKey_paraphrasedReport() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "When using a secret from another account one get's the"
                            + " error message that Access to KMS is not allowed."));
            assertThat(d.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
        }

        @Test
        void row5_4_boto3Shape() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "An error occurred (AccessDeniedException) when calling the"
                            + " GetSecretValue operation: Access to KMS is not allowed"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
        }

        @Test
        void row5_4_awsManagedKeyAcrossAccounts_isTheManagedKeyTrap() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "An error occurred (AccessDeniedException) when"
                                    + " calling the GetSecretValue operation: Access to KMS is not allowed"),
                    CROSS_ACCOUNT.toBuilder()
                            .kmsKeyArn(null)
                            .awsManagedKey(true)
                            .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.AWS_MANAGED_KEY);
            assertThat(d.account()).isEqualTo(A1);
            assertThat(d.resource()).isEqualTo(SECRET);
        }

        @Test
        void row5_4_awsManagedKeyInTheSameAccount_isNotTheTrap() {
            DiagnosisContext sameAccount = CROSS_ACCOUNT.toBuilder()
                    .secretArn("arn:aws:secretsmanager:us-east-1:222222222222:secret:app/db-AbCdEf")
                    .secretId(null)
                    .kmsKeyArn(null)
                    .awsManagedKey(true)
                    .build();
            Diagnosis d = Diagnoses.of(sm("AccessDeniedException", "Access to KMS is not allowed"), sameAccount);
            assertThat(d.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
        }

        @Test
        void row5_5_terraformGoSdkV1_requestIdFromMessage() {
            Diagnosis d = of(smNoRequestId(
                    "AccessDeniedException",
                    "error reading Secrets Manager Secret Version:"
                            + " AccessDeniedException: Access to KMS is not allowed\n\tstatus code: 400, request id:"
                            + " 4ff6091e-fc13-4e0c-8805-24820cb106f6"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
            assertThat(d.requestId()).isEqualTo("4ff6091e-fc13-4e0c-8805-24820cb106f6");
        }

        @Test
        void row5_7_ecsAgentShape() {
            Diagnosis d = of(sm(
                    "AccessDeniedException",
                    "ResourceInitializationError: unable to pull secrets or"
                            + " registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service"
                            + " call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:eu-central-1:"
                            + "account_id:secret:algo-dev-directus-secret20240626183203358800000004-EaPYTy from secrets"
                            + " manager: AccessDeniedException: Access to KMS is not allowed status code: 400, request id:"
                            + " a87a66d9-f839-4353-b8c2-9984b1465695"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
        }

        @Test
        void row5_8_cloudTrailCodeAccessDenied() {
            Diagnosis d = of(sm("AccessDenied", "Access to KMS is not allowed"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
            assertThat(d.awsErrorCode()).isEqualTo("AccessDenied");
        }

        @Test
        void row5_8_versionNotReEncrypted_explainsTheOldKey() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "AccessDeniedException",
                            "Access to KMS is not allowed. This version of"
                                    + " secret is not encrypted with the current KMS key."),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
            assertThat(d.explanation()).contains("earlier key");
        }

        @Test
        void row5_10_internalFailure_isTransientButMentionsKms() {
            Diagnosis d = of(sm(
                    500,
                    "InternalFailure",
                    "The request processing has failed because of an unknown" + " error, exception or failure."));
            assertThat(d.code()).isEqualTo(DiagnosisCode.SERVICE_ERROR);
            assertThat(d.code().isTransient()).isTrue();
            assertThat(d.explanation()).contains("KMS key");
        }

        @Test
        void row5_11_decryptionFailureWrappingDisabledException_redactedKeyArn() {
            Diagnosis d = of(DecryptionFailureException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrors.details(
                            "DecryptionFailure",
                            "An error occurred (DecryptionFailure) when"
                                    + " calling the GetSecretValue operation: Secrets Manager can't decrypt the secret value:"
                                    + " arn:aws:kms:us-east-1:<536883072436:key/73947a77-ddbe-4dc7-bd8f-3fe0bc840778> is"
                                    + " disabled. (Service: AWSKMS; Status Code: 400; Error Code: DisabledException; Request"
                                    + " ID: <cdc4b7ed-e171-4cef-975a-ad829d4123e8; Proxy: null>)",
                            "SecretsManager"))
                    .requestId("r-511")
                    .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.KEY_DISABLED);
            assertThat(d.account()).isEqualTo("536883072436");
            assertThat(d.resource())
                    .isEqualTo("arn:aws:kms:us-east-1:536883072436:key/73947a77-ddbe-4dc7-bd8f-3fe0bc840778");
            assertThat(d.requestId()).isEqualTo("r-511");
            assertThat(d.awsErrorCode()).isEqualTo("DecryptionFailure");
            assertThat(d.fixes()).singleElement().satisfies(f -> {
                assertThat(f.account()).isEqualTo("536883072436");
                assertThat(f.instruction())
                        .contains("aws kms enable-key --key-id arn:aws:kms:us-east-1:536883072436:"
                                + "key/73947a77-ddbe-4dc7-bd8f-3fe0bc840778");
            });
        }

        @Test
        void row5_13_decryptionFailureWrappingKmsInvalidStateException() {
            Diagnosis d = of(DecryptionFailureException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrors.details(
                            "DecryptionFailureException",
                            "Secrets Manager can't decrypt the"
                                    + " secret value: " + KEY
                                    + " is pending deletion. (Service: AWSKMS; Status Code: 400;"
                                    + " Error Code: KMSInvalidStateException; Request ID: 0f0f0f0f-1111-2222-3333-444455556666;"
                                    + " Proxy: null)",
                            "SecretsManager"))
                    .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.KEY_PENDING_DELETION);
            assertThat(d.account()).isEqualTo(A1);
            assertThat(d.resource()).isEqualTo(KEY);
            // The Java class name is normalized to the wire code.
            assertThat(d.awsErrorCode()).isEqualTo("DecryptionFailure");
            assertThat(d.fixes().get(0).instruction()).contains("cancel-key-deletion --key-id " + KEY);
        }

        @Test
        void row5_13_decryptionFailureWrappingAccessDenied_isKmsAccessDenied() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "DecryptionFailure",
                            "Secrets Manager can't decrypt the secret value: User: "
                                    + SESSION
                                    + " is not authorized to perform: kms:Decrypt (Service: AWSKMS; Status Code: 400; Error"
                                    + " Code: AccessDeniedException; Request ID: 1)"),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
            assertThat(d.fixes()).hasSize(2);
        }

        @Test
        void row5_14_encryptionFailureWrappingNotFound_isUnknownWithAHint() {
            Diagnosis d = of(EncryptionFailureException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrors.details(
                            "EncryptionFailure",
                            "Secrets Manager can't encrypt the secret"
                                    + " value: Key 'arn:aws:kms:us-east-1:acc-b:key/12345' does not exist (Service: AWSKMS;"
                                    + " Status Code: 400; Error Code: NotFoundException; Request ID: ....",
                            "SecretsManager"))
                    .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.UNKNOWN);
            assertThat(d.awsErrorCode()).isEqualTo("EncryptionFailure");
            assertThat(d.awsMessage()).contains("does not exist");
            assertThat(d.explanation()).contains("by ARN");
        }

        @Test
        void row5_15_directDecrypt_keyPolicy_redactedAccounts() {
            Diagnosis d = of(
                    kms(
                            "AccessDeniedException",
                            "An error occurred (AccessDeniedException) when calling the"
                                    + " Decrypt operation: User: arn:aws:sts::<ACCOUNT_ID>:assumed-role/trustgate-parent-role/"
                                    + "<INSTANCE_ID> is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:ap-south-1:"
                                    + "<ACCOUNT_ID>:key/<KEY_ID> because no resource-based policy allows the kms:Decrypt action"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.KEY_POLICY);
            assertThat(d.policy()).isEqualTo(PolicyKind.KEY_POLICY);
            assertThat(d.action()).isEqualTo("kms:Decrypt");
            assertThat(d.account()).isNull();
            assertThat(d.fixes().get(0).statement()).as("no usable principal").isNull();
        }

        @Test
        void row5_15_directDecrypt_keyPolicy() {
            Diagnosis d = Diagnoses.of(
                    kms(
                            "AccessDeniedException",
                            "User: " + SESSION + " is not authorized to"
                                    + " perform: kms:Decrypt on resource: " + KEY
                                    + " because no resource-based policy allows the"
                                    + " kms:Decrypt action"),
                    DiagnosisContext.builder().step(Step.KMS_DECRYPT).build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.KEY_POLICY);
            assertThat(d.account()).isEqualTo(A1);
            assertThat(d.resource()).isEqualTo(KEY);
            Fix fix = d.fixes().get(0);
            assertThat(fix.target()).isEqualTo(KEY);
            assertThat(fix.account()).isEqualTo(A1);
            JsonNode s = statement(fix);
            assertThat(principal(s)).isEqualTo(ROLE);
            assertThat(actions(s)).containsExactly("kms:Decrypt");
            assertThat(s.get("Condition")
                            .get("StringEquals")
                            .get("kms:CallerAccount")
                            .asText())
                    .isEqualTo(A2);
            assertThat(s.get("Resource").asText()).isEqualTo("*");
            assertThat(d.summary())
                    .startsWith("The KMS key policy in account 111111111111 does not allow " + ROLE
                            + " to call kms:Decrypt on " + KEY);
        }

        @Test
        void row5_15_directDescribeKey_keyPolicy_trailingPeriod() {
            Diagnosis d = of(kms(
                    "AccessDeniedException",
                    "User: " + SESSION + " is not authorized to perform:"
                            + " kms:DescribeKey on resource: " + KEY + " because no resource-based policy allows the"
                            + " kms:DescribeKey action."));
            assertThat(d.code()).isEqualTo(DiagnosisCode.KEY_POLICY);
            assertThat(d.action()).isEqualTo("kms:DescribeKey");
            assertThat(d.resource()).isEqualTo(KEY);
        }

        @Test
        void row5_16_ciphertextWording_identityPolicy_keyFromContext() {
            Diagnosis d = Diagnoses.of(
                    kms(
                            "AccessDeniedException",
                            "AccessDenied (client): User: arn:aws:sts::"
                                    + "123456789012:assumed-role/xxx-role/474ce5ef81924893ad55740f8ab96872 is not authorized to"
                                    + " perform: kms:Decrypt on the resource associated with this ciphertext because no identity-based"
                                    + " policy allows the kms:Decrypt action"),
                    DiagnosisContext.builder()
                            .kmsKeyArn(KEY)
                            .step(Step.KMS_DECRYPT)
                            .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.IDENTITY_POLICY);
            assertThat(d.policy()).isEqualTo(PolicyKind.IDENTITY_POLICY);
            assertThat(d.action()).isEqualTo("kms:Decrypt");
            assertThat(d.account()).isEqualTo("123456789012");
            assertThat(d.resource()).isEqualTo(KEY);
            Fix fix = d.fixes().get(0);
            assertThat(fix.target()).isEqualTo("arn:aws:iam::123456789012:role/xxx-role");
            JsonNode s = statement(fix);
            assertThat(actions(s)).containsExactly("kms:Decrypt");
            assertThat(s.get("Resource").asText()).isEqualTo(KEY);
        }

        @Test
        void row5_16_ciphertextWording_unknownKey_noStatement() {
            Diagnosis d = of(kms(
                    "AccessDeniedException",
                    "User: " + SESSION + " is not authorized to perform:"
                            + " kms:Decrypt on the resource associated with this ciphertext because no identity-based policy"
                            + " allows the kms:Decrypt action"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.IDENTITY_POLICY);
            assertThat(d.resource()).isNull();
            assertThat(d.fixes().get(0).statement()).isNull();
            assertThat(d.fixes().get(0).instruction()).contains("KmsKeyId");
        }

        @Test
        void row5_17_legacyKmsDenial_withoutReason() {
            Diagnosis d = Diagnoses.of(
                    kms(
                            "AccessDeniedException",
                            "The ciphertext refers to a customer master key"
                                    + " that does not exist, does not exist in this region, or you are not allowed to access."),
                    CROSS_ACCOUNT.toBuilder().step(Step.KMS_DECRYPT).build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.KMS_ACCESS_DENIED);
            assertThat(d.fixes())
                    .extracting(Fix::policy)
                    .containsExactly(PolicyKind.KEY_POLICY, PolicyKind.IDENTITY_POLICY);
        }

        @Test
        void row5_18_invalidKeyIdWrappingDisabledException() {
            Diagnosis d = of(
                    other(
                            "SSM",
                            "InvalidKeyId",
                            "InvalidKeyId: arn:aws:kms:us-east-1:111122223333:key/"
                                    + "1a2b3c4d-f6b4-4c5b-97e7-123456ab210c is disabled. (Service: AWSKMS; Status Code: 400; Error"
                                    + " Code: DisabledException; Request ID: 7b6ae355-c99a-4cad-b2c3-4b40c0abdda9; Proxy: null)"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.KEY_DISABLED);
            assertThat(d.account()).isEqualTo("111122223333");
            assertThat(d.resource())
                    .isEqualTo("arn:aws:kms:us-east-1:111122223333:key/" + "1a2b3c4d-f6b4-4c5b-97e7-123456ab210c");
        }

        @Test
        void row5_19_invalidKeyIdWrappingKmsInvalidStateException() {
            Diagnosis d = of(other(
                    "SSM",
                    "InvalidKeyId",
                    "InvalidKeyId: " + KEY + " is pending deletion. (Service:"
                            + " AWSKMS; Status Code: 400; Error Code: KMSInvalidStateException; Request ID: e81be56c-fcd4-49e0-"
                            + "b882-40def8749a9a; Proxy: null)"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.KEY_PENDING_DELETION);
            assertThat(d.account()).isEqualTo(A1);
        }

        @Test
        void directKmsDisabledException_javaClass() {
            Diagnosis d = Diagnoses.of(
                    DisabledException.builder()
                            .statusCode(400)
                            .awsErrorDetails(AwsErrors.details("DisabledException", KEY + " is disabled.", "Kms"))
                            .build(),
                    DiagnosisContext.builder().kmsKeyArn(KEY).build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.KEY_DISABLED);
            assertThat(d.account()).isEqualTo(A1);
        }

        @Test
        void directKmsInvalidStateException_javaClassWithoutDetails() {
            Diagnosis d = of(KmsInvalidStateException.builder()
                    .statusCode(400)
                    .message(KEY + " is pending deletion.")
                    .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.KEY_PENDING_DELETION);
            assertThat(d.awsErrorCode()).isEqualTo("KMSInvalidStateException");
            assertThat(d.account()).isEqualTo(A1);
        }
    }

    @Nested
    @DisplayName("Case 6: not found, validation, names")
    class NotFound {

        @Test
        void row6_1_resourceNotFound_namespacedCodeAndLowercaseMessage() {
            Diagnosis d = Diagnoses.of(
                    ResourceNotFoundException.builder()
                            .statusCode(400)
                            .awsErrorDetails(AwsErrors.details(
                                    "com.amazonaws.secretsmanager#ResourceNotFoundException",
                                    "Secrets Manager can't find the specified secret.",
                                    "SecretsManager"))
                            .requestId("r-61")
                            .build(),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_NOT_FOUND);
            assertThat(d.awsErrorCode()).isEqualTo("ResourceNotFoundException");
            assertThat(d.account()).isEqualTo(A2);
            assertThat(d.resource()).isEqualTo(SECRET);
            assertThat(d.requestId()).isEqualTo("r-61");
        }

        @Test
        void row6_1_resourceNotFound_messageOnlyInTheException() {
            Diagnosis d = of(ResourceNotFoundException.builder()
                    .statusCode(400)
                    .message("Secrets Manager can't find the specified secret.")
                    .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_NOT_FOUND);
            assertThat(d.awsErrorCode()).isEqualTo("ResourceNotFoundException");
            assertThat(d.awsMessage()).isEqualTo("Secrets Manager can't find the specified secret.");
        }

        @Test
        void row6_2_crossRegionArn_isARegionMismatch() {
            DiagnosisContext ctx = CROSS_ACCOUNT.toBuilder()
                    .secretArn("arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db-AbCdEf")
                    .secretId(null)
                    .clientRegion("us-east-1")
                    .build();
            Diagnosis d = Diagnoses.of(
                    sm(
                            "ResourceNotFoundException",
                            "[NR_EXT] Failed to retrieve New Relic license"
                                    + " key ResourceNotFoundException: Secrets Manager can't find the specified secret."),
                    ctx);
            assertThat(d.code()).isEqualTo(DiagnosisCode.REGION_MISMATCH);
            assertThat(d.summary()).contains("us-east-1").contains("eu-west-1");
            assertThat(d.fixes().get(0).target())
                    .isEqualTo("arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db-AbCdEf");
        }

        @Test
        void row6_2_sameRegion_isNotFound() {
            Diagnosis d = Diagnoses.of(
                    sm("ResourceNotFoundException", "Secrets Manager can't find the specified" + " secret."),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_NOT_FOUND);
        }

        @Test
        void row6_3_stagingLabelNotFound() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "ResourceNotFoundException",
                            "Secrets Manager can't find the specified"
                                    + " secret value for staging label: AWSPREVIOUS"),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.VERSION_NOT_FOUND);
            assertThat(d.account()).isNull();
            assertThat(d.summary()).contains("staging label AWSPREVIOUS");
        }

        @Test
        void row6_3_versionIdNotFound() {
            Diagnosis d = of(sm(
                    "ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value"
                            + " for VersionId: 01234567-89ab-cdef-0123-456789abcdef"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.VERSION_NOT_FOUND);
        }

        @Test
        void row6_6_markedForDeletion_goSdkV2() {
            Diagnosis d = Diagnoses.of(
                    sm(
                            "InvalidRequestException",
                            "operation error Secrets Manager:"
                                    + " GetSecretValue, https response error StatusCode: 400, RequestID: 174962ad-1fa8-479e-80e3-"
                                    + "82e3738f014f, InvalidRequestException: You can't perform this operation on the secret because"
                                    + " it was marked for deletion."),
                    CROSS_ACCOUNT);
            assertThat(d.code()).isEqualTo(DiagnosisCode.SECRET_DELETED);
            assertThat(d.account()).isEqualTo(A1);
            assertThat(d.fixes().get(0).instruction()).contains("restore-secret --secret-id " + SECRET);
        }

        @Test
        void row6_7_versionStageNotAssociated() {
            Diagnosis d = of(sm(
                    "InvalidRequestException",
                    "You provided a VersionStage that is not associated to the" + " provided VersionId."));
            assertThat(d.code()).isEqualTo(DiagnosisCode.VERSION_NOT_FOUND);
        }

        @Test
        void row6_4_validationExceptionWithForeignNamespace_isAnInvalidSecretId() {
            Diagnosis d = of(sm(
                    "com.amazon.AWSMimirService#ValidationException",
                    "Invalid name. Must be a valid name"
                            + " containing alphanumeric characters, or any of the following: -/_+=.@!"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.INVALID_SECRET_ID);
            assertThat(d.awsErrorCode()).isEqualTo("ValidationException");
        }

        @Test
        void row6_8_invalidParameterAboutTheSecretId() {
            Diagnosis d = of(sm("InvalidParameterException", "Invalid parameter: SecretId"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.INVALID_SECRET_ID);
        }

        @Test
        void row6_8_invalidParameterAboutSomethingElse_isUnknown() {
            Diagnosis d = of(sm(
                    "InvalidParameterException",
                    "You can't specify both VersionStage and VersionId" + " values that do not match."));
            assertThat(d.code()).isEqualTo(DiagnosisCode.UNKNOWN);
            assertThat(d.awsErrorCode()).isEqualTo("InvalidParameterException");
        }
    }

    @Nested
    @DisplayName("Case 7: STS and credentials")
    class StsAndCredentials {

        @Test
        void row7_1_assumeRoleDenied_awsUsGovXmlMessage() {
            Diagnosis d = of(sts(
                    403,
                    "AccessDenied",
                    "User: arn:aws-us-gov:iam::153771329827:user/Team-Kit-2586-2 is"
                            + " not authorized to perform: sts:AssumeRole on resource: arn:aws-us-gov:iam::153771329827:role/"
                            + "Kit-2586-Role"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.ASSUME_ROLE_DENIED);
            assertThat(d.account()).isEqualTo("153771329827");
            assertThat(d.action()).isEqualTo("sts:AssumeRole");
            assertThat(d.resource()).isEqualTo("arn:aws-us-gov:iam::153771329827:role/Kit-2586-Role");
            assertThat(d.callerArn()).isEqualTo("arn:aws-us-gov:iam::153771329827:user/Team-Kit-2586-2");
            // The trust fix, the identity fix, and the client's external id as the third candidate.
            assertThat(d.fixes()).hasSize(3);
            assertThat(d.fixes().get(2).instruction()).contains("sts:ExternalId");
            Fix trust = d.fixes().get(0);
            assertThat(trust.policy()).isEqualTo(PolicyKind.TRUST_POLICY);
            assertThat(trust.target()).isEqualTo("arn:aws-us-gov:iam::153771329827:role/Kit-2586-Role");
            JsonNode t = statement(trust);
            assertThat(principal(t)).isEqualTo("arn:aws-us-gov:iam::153771329827:user/Team-Kit-2586-2");
            assertThat(actions(t)).containsExactly("sts:AssumeRole");
            assertThat(t.has("Resource")).isFalse();
            Fix identity = d.fixes().get(1);
            assertThat(identity.policy()).isEqualTo(PolicyKind.IDENTITY_POLICY);
            assertThat(identity.target()).isEqualTo("arn:aws-us-gov:iam::153771329827:user/Team-Kit-2586-2");
            assertThat(identity.instruction()).contains("put-user-policy --user-name Team-Kit-2586-2");
            JsonNode i = statement(identity);
            assertThat(actions(i)).containsExactly("sts:AssumeRole");
            assertThat(i.get("Resource").asText()).isEqualTo("arn:aws-us-gov:iam::153771329827:role/Kit-2586-Role");
        }

        @Test
        void row7_3_assumeRoleDenied_sessionCaller_trustNamesTheCallersRole() {
            Diagnosis d = of(sts(
                    403,
                    "AccessDenied",
                    "An error occurred (AccessDenied) when calling the AssumeRole"
                            + " operation: User: arn:aws:sts::629146268066:assumed-role/Karpenter-KarpenterEksClu-"
                            + "HandlerServiceRoleFCDC14-1E2S2B6XVZBLW/Karpenter-KarpenterEksCluster73357-Handler886CB40B-"
                            + "1FCztK9eeCEe is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::"
                            + "629146268066:role/EksAdminRole-mycluster"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.ASSUME_ROLE_DENIED);
            assertThat(d.account()).isEqualTo("629146268066");
            assertThat(principal(statement(d.fixes().get(0))))
                    .isEqualTo("arn:aws:iam::629146268066:role/"
                            + "Karpenter-KarpenterEksClu-HandlerServiceRoleFCDC14-1E2S2B6XVZBLW");
        }

        @Test
        void row7_4_javaV1Shape_requestIdFromMessage() {
            Diagnosis d = of(software.amazon.awssdk.services.sts.model.StsException.builder()
                    .statusCode(403)
                    .awsErrorDetails(AwsErrors.details(
                            "AccessDenied",
                            "User: arn:aws:iam::*:user/gudsen is not"
                                    + " authorized to perform: sts:AssumeRole on resource: aws:iam::*:role/gudsen_role"
                                    + " (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request"
                                    + " ID: b59b74ae-9126-4975-8a87-c987e092da76)",
                            "Sts"))
                    .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.ASSUME_ROLE_DENIED);
            assertThat(d.resource()).isEqualTo("aws:iam::*:role/gudsen_role");
            assertThat(d.account()).isNull();
            assertThat(d.requestId()).isEqualTo("b59b74ae-9126-4975-8a87-c987e092da76");
            assertThat(d.fixes()).allSatisfy(f -> assertThat(f.statement()).isNull());
        }

        @Test
        void row7_5_goSdkV1Shape_redactedRoleAccount_configuredRoleWins() {
            String role = "arn:aws:iam::333333333333:role/hcp-vault-lambda-extension-demo-lambda-role";
            Diagnosis d = Diagnoses.of(
                    sts(
                            403,
                            "AccessDenied",
                            "AccessDenied: User: arn:aws:sts::468001993716:"
                                    + "assumed-role/HCP-Vault-11eb0976-d03c-135a-bde9-0242ac110008-VaultNode/i-077de012faecd3c8b is"
                                    + " not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::REDACTED:role/hcp-vault-"
                                    + "lambda-extension-demo-lambda-role\n        status code: 403, request id: 4f58a2f2-14b6-47cc-"
                                    + "8b68-4ccb3f48c5f3"),
                    DiagnosisContext.builder()
                            .roleArn(role)
                            .step(Step.ASSUME_ROLE)
                            .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.ASSUME_ROLE_DENIED);
            assertThat(d.resource())
                    .isEqualTo("arn:aws:iam::REDACTED:role/hcp-vault-lambda-extension-demo-lambda-role");
            assertThat(d.account()).isEqualTo("333333333333");
            Fix trust = d.fixes().get(0);
            assertThat(trust.target()).isEqualTo(role);
            assertThat(principal(statement(trust)))
                    .isEqualTo("arn:aws:iam::468001993716:role/"
                            + "HCP-Vault-11eb0976-d03c-135a-bde9-0242ac110008-VaultNode");
            assertThat(statement(d.fixes().get(1)).get("Resource").asText()).isEqualTo(role);
            assertThat(d.fixes().get(1).account()).isEqualTo("468001993716");
        }

        @Test
        void row7_5_identityBasedReason_putsTheIdentityFixFirst() {
            Diagnosis d = Diagnoses.of(
                    sts(
                            403,
                            "AccessDenied",
                            "User: arn:aws:iam::222222222222:user/base is not"
                                    + " authorized to perform: sts:AssumeRole on resource: " + ROLE
                                    + " because no identity-based"
                                    + " policy allows the sts:AssumeRole action"),
                    DiagnosisContext.builder().roleArn(ROLE).build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.ASSUME_ROLE_DENIED);
            assertThat(d.policy()).isEqualTo(PolicyKind.IDENTITY_POLICY);
            assertThat(d.account()).isEqualTo(A2);
            assertThat(d.fixes())
                    .extracting(Fix::policy)
                    .containsExactly(PolicyKind.IDENTITY_POLICY, PolicyKind.TRUST_POLICY);
        }

        @Test
        void row7_5_sdkClientExceptionCausedByStsException() {
            Exception wrapped = SdkClientException.builder()
                    .message("Unable to load credentials from service endpoint")
                    .cause(sts(
                            403,
                            "AccessDenied",
                            "User: arn:aws:iam::222222222222:user/base is not authorized to"
                                    + " perform: sts:AssumeRole on resource: " + ROLE))
                    .build();
            Diagnosis d = Diagnoses.of(
                    wrapped,
                    DiagnosisContext.builder()
                            .roleArn(ROLE)
                            .callerArn(SESSION) // a session of the very role: not the identity that tried
                            .step(Step.GET_SECRET_VALUE)
                            .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.ASSUME_ROLE_DENIED);
            assertThat(d.requestId()).isEqualTo("s-1");
            assertThat(d.callerArn()).isEqualTo("arn:aws:iam::222222222222:user/base");
            assertThat(principal(statement(d.fixes().get(0)))).isEqualTo("arn:aws:iam::222222222222:user/base");
        }

        @Test
        void row7_7_rootCannotAssumeRoles() {
            Diagnosis d = Diagnoses.of(
                    sts(
                            403,
                            "AccessDenied",
                            "An error occurred (AccessDenied) when calling the"
                                    + " AssumeRole operation: Roles may not be assumed by root accounts."),
                    DiagnosisContext.builder()
                            .roleArn(ROLE)
                            .callerArn("arn:aws:iam::222222222222:root")
                            .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.ASSUME_ROLE_DENIED);
            assertThat(d.account()).isEqualTo(A2);
            assertThat(d.fixes()).singleElement().satisfies(f -> {
                assertThat(f.policy()).isNull();
                assertThat(f.statement()).isNull();
            });
            assertThat(d.summary()).contains("Root");
        }

        @Test
        void row7_8_invalidClientTokenId() {
            Diagnosis d =
                    of(sts(403, "InvalidClientTokenId", "The security token included in the request is" + " invalid"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.INVALID_CREDENTIALS);
            assertThat(d.explanation()).contains("opt-in region");
        }

        @Test
        void row7_10_expiredTokenViaSdkClientException() {
            Exception wrapped = SdkClientException.builder()
                    .message("Unable to load credentials")
                    .cause(sts(403, "ExpiredToken", "The security token included in the request is expired"))
                    .build();
            Diagnosis d = of(wrapped);
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPIRED_CREDENTIALS);
            assertThat(d.awsErrorCode()).isEqualTo("ExpiredToken");
        }

        @Test
        void row7_10_expiredTokenExceptionModelClass() {
            Diagnosis d = of(ExpiredTokenException.builder()
                    .statusCode(400)
                    .message("The security token included in the request is expired")
                    .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPIRED_CREDENTIALS);
            assertThat(d.awsErrorCode()).isEqualTo("ExpiredTokenException");
        }

        @Test
        void row7_11_expiredTokenOnIam() {
            Diagnosis d = of(other("Iam", "ExpiredToken", "The security token included in the request is expired"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPIRED_CREDENTIALS);
        }

        @Test
        void row7_13_expiredTokenExceptionOnSecretsManager() {
            Diagnosis d = of(sm("ExpiredTokenException", "The security token included in the request is expired"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPIRED_CREDENTIALS);
        }

        @Test
        void row7_14_clockSkew_signatureExpired() {
            Diagnosis d = of(sm(
                    "InvalidSignatureException",
                    "Signature expired: 20260204T205323Z is now earlier than"
                            + " 20260205T141250Z (20260205T141750Z - 5 min.)"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPIRED_CREDENTIALS);
            assertThat(d.summary()).contains("clock");
        }

        @Test
        void row7_14_clockSkew_signatureNotYetCurrent() {
            Diagnosis d = of(sm(
                    "InvalidSignatureException",
                    "Signature not yet current: 20181002T170509Z is still"
                            + " later than 20181002T170312Z (20181002T165812Z + 5 min.)"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.EXPIRED_CREDENTIALS);
        }

        @Test
        void row7_15_invalidSignature() {
            Diagnosis d = of(sm("InvalidSignatureException", "The request signature we calculated does not match ..."));
            assertThat(d.code()).isEqualTo(DiagnosisCode.INVALID_CREDENTIALS);
            assertThat(d.summary()).contains("signature");
        }

        @Test
        void row7_15_signatureDoesNotMatchOnSts() {
            Diagnosis d = of(sts(
                    403,
                    "SignatureDoesNotMatch",
                    "The request signature we calculated does not match"
                            + " the signature you provided. Check your AWS Secret Access Key and signing method. Consult the"
                            + " service documentation for details."));
            assertThat(d.code()).isEqualTo(DiagnosisCode.INVALID_CREDENTIALS);
        }

        @Test
        void row7_16_awsCnPrincipal_otherServiceOldFormat() {
            Diagnosis d = of(other(
                    "ECR",
                    "AccessDeniedException",
                    "An error occurred (AccessDeniedException) when"
                            + " calling the GetAuthorizationToken operation: User: arn:aws-cn:sts::832343096630:assumed-role/"
                            + "codebuild-hackernews-codebuild-staging-service-role/AWSCodeBuild-a7c26677-1ec3-4497-90e1-"
                            + "c94bc4abd414 is not authorized to perform: ecr:GetAuthorizationToken on resource: *"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
            assertThat(d.action()).isEqualTo("ecr:GetAuthorizationToken");
            assertThat(d.resource()).isEqualTo("*");
            Fix fix = d.fixes().get(0);
            assertThat(fix.target())
                    .isEqualTo("arn:aws-cn:iam::832343096630:role/codebuild-hackernews-codebuild-staging-service-role");
            JsonNode s = statement(fix);
            assertThat(actions(s)).containsExactly("ecr:GetAuthorizationToken");
            assertThat(s.get("Resource").asText()).isEqualTo("*");
        }

        @Test
        void unrecognizedClientException() {
            Diagnosis d = of(
                    sm("UnrecognizedClientException", "The security token included in the request is" + " invalid."));
            assertThat(d.code()).isEqualTo(DiagnosisCode.INVALID_CREDENTIALS);
        }

        @Test
        void incompleteSignatureAndMissingAuthenticationToken() {
            assertThat(of(sm("IncompleteSignatureException", "x")).code()).isEqualTo(DiagnosisCode.INVALID_CREDENTIALS);
            assertThat(of(sts(403, "IncompleteSignature", "x")).code()).isEqualTo(DiagnosisCode.INVALID_CREDENTIALS);
            assertThat(of(sts(403, "MissingAuthenticationToken", "Request is missing Authentication Token"))
                            .code())
                    .isEqualTo(DiagnosisCode.INVALID_CREDENTIALS);
            assertThat(of(sm("MissingAuthenticationTokenException", "Missing Authentication Token"))
                            .code())
                    .isEqualTo(DiagnosisCode.INVALID_CREDENTIALS);
            assertThat(of(sm("RequestExpired", "Request has expired.")).code())
                    .isEqualTo(DiagnosisCode.EXPIRED_CREDENTIALS);
        }

        @Test
        void missingCredentials_sdkClientException() {
            Diagnosis d = of(SdkClientException.create("Unable to load credentials from any of the providers in the"
                    + " chain AwsCredentialsProviderChain(credentialsProviders=[...])"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.INVALID_CREDENTIALS);
            assertThat(d.awsErrorCode()).isNull();
            assertThat(d.summary()).contains("No AWS credentials");
        }
    }

    @Nested
    @DisplayName("Case 8: decryption failure, internal errors, throttling, network")
    class Transient {

        @Test
        void row8_1_decryptionFailureDocumentedText_isUnknown() {
            Diagnosis d = of(DecryptionFailureException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrors.details(
                            "DecryptionFailure",
                            "Secrets Manager can't decrypt the" + " protected secret text using the provided KMS key.",
                            "SecretsManager"))
                    .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.UNKNOWN);
            assertThat(d.awsErrorCode()).isEqualTo("DecryptionFailure");
            assertThat(d.awsMessage())
                    .isEqualTo(
                            "Secrets Manager can't decrypt the protected secret text using the" + " provided KMS key.");
            assertThat(d.explanation()).contains("describe-key");
        }

        @Test
        void row8_2_decryptionFailureDisabled() {
            Diagnosis d = of(sm(
                    "DecryptionFailure",
                    "Secrets Manager can't decrypt the secret value: " + KEY
                            + " is disabled. (Service: AWSKMS; Status Code: 400; Error Code: DisabledException; Request ID:"
                            + " 11111111-2222-3333-4444-555555555555; Proxy: null)"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.KEY_DISABLED);
            assertThat(d.account()).isEqualTo(A1);
            assertThat(d.requestId())
                    .as("the SM request id, not the inner KMS one")
                    .isEqualTo("r-1");
        }

        @Test
        void row8_3_internalServiceErrorDependencyException_with400() {
            Diagnosis d = of(InternalServiceErrorException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrors.details(
                            "InternalServiceError",
                            "Error: Failed to fetch secret:"
                                    + " 'gha/access_token'. Error: InternalServiceError: Dependency exception.",
                            "SecretsManager"))
                    .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.SERVICE_ERROR);
            assertThat(d.code().isTransient()).isTrue();
        }

        @Test
        void row8_4_internalServiceError500_javaClassName() {
            Diagnosis d = of(InternalServiceErrorException.builder()
                    .statusCode(500)
                    .message("An error occurred on the server side.")
                    .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.SERVICE_ERROR);
            assertThat(d.awsErrorCode()).isEqualTo("InternalServiceError");
        }

        @Test
        void row8_5_internalFailure() {
            Diagnosis d = of(sm(
                    500,
                    "InternalFailure",
                    "The request processing has failed because of an unknown" + " error, exception or failure."));
            assertThat(d.code()).isEqualTo(DiagnosisCode.SERVICE_ERROR);
        }

        @Test
        void row8_6_throttling() {
            Diagnosis d = of(sm(
                    "ThrottlingException",
                    "An error occurred (ThrottlingException) when calling the"
                            + " GetSecretValue operation (reached max retries: 4): Rate exceeded"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.THROTTLED);
            assertThat(d.code().isTransient()).isTrue();
            assertThat(d.fixes()).isEmpty();
        }

        @Test
        void row8_7_throttlingGoSdkV1() {
            Diagnosis d = of(smNoRequestId(
                    "ThrottlingException",
                    "ThrottlingException: Rate exceeded\n\tstatus code:"
                            + " 400, request id: 665b6aca-8705-4358-9487-4e1497a3a07e"));
            assertThat(d.code()).isEqualTo(DiagnosisCode.THROTTLED);
            assertThat(d.requestId()).isEqualTo("665b6aca-8705-4358-9487-4e1497a3a07e");
        }

        @Test
        void row8_8_encryptionFailureDocumentedText_isUnknown() {
            Diagnosis d = of(sm(
                    "EncryptionFailure",
                    "Secrets Manager can't encrypt the protected secret text using"
                            + " the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid"
                            + " state. For more information, see Key state: Effect on your KMS key."));
            assertThat(d.code()).isEqualTo(DiagnosisCode.UNKNOWN);
        }

        @Test
        void row8_9_networkFailure() {
            Diagnosis d = of(SdkClientException.builder()
                    .message("Unable to execute HTTP request: Connect to secretsmanager.us-east-1.amazonaws.com:443"
                            + " failed: connect timed out")
                    .cause(new ConnectException("connect timed out"))
                    .build());
            assertThat(d.code()).isEqualTo(DiagnosisCode.SERVICE_ERROR);
            assertThat(d.awsErrorCode()).isNull();
            assertThat(d.summary()).contains("did not complete");
        }
    }
}
