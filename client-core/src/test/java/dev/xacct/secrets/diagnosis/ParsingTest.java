package dev.xacct.secrets.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.internal.diagnosis.Arns;
import dev.xacct.secrets.internal.diagnosis.AwsFailure;
import dev.xacct.secrets.internal.diagnosis.DenialMessage;
import dev.xacct.secrets.internal.diagnosis.DenialMessage.PolicyType;
import dev.xacct.secrets.internal.diagnosis.DenialMessage.Reason;
import dev.xacct.secrets.internal.diagnosis.FixStatements;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;

/** The parsers under the engine: denial messages, error codes, ARNs, statements. */
class ParsingTest {

    private static DenialMessage parse(String message) {
        return DenialMessage.parse(message).orElseThrow();
    }

    @Test
    void fullMessage() {
        DenialMessage d = parse("User: arn:aws:sts::222222222222:assumed-role/R/S is not authorized to perform:"
                + " secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:111111111111:secret:"
                + "x-AbCdEf because no resource-based policy allows the secretsmanager:GetSecretValue action");
        assertThat(d.principal()).isEqualTo("arn:aws:sts::222222222222:assumed-role/R/S");
        assertThat(d.action()).isEqualTo("secretsmanager:GetSecretValue");
        assertThat(d.actionService()).isEqualTo("secretsmanager");
        assertThat(d.resource()).isEqualTo("arn:aws:secretsmanager:us-east-1:111111111111:secret:x-AbCdEf");
        assertThat(d.reason()).isEqualTo(Reason.IMPLICIT);
        assertThat(d.policyType()).isEqualTo(PolicyType.RESOURCE_BASED);
        assertThat(d.policyArn()).isNull();
        assertThat(d.ciphertextResource()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "because no identity-based policy allows the a:B action|IMPLICIT|IDENTITY_BASED",
                "because no resource-based policy allows the a:B action.|IMPLICIT|RESOURCE_BASED",
                "because no service control policy allows the a:B action|IMPLICIT|SERVICE_CONTROL",
                "because no resource control policy allows the a:B action|IMPLICIT|RESOURCE_CONTROL",
                "because no permissions boundary allows the a:B action|IMPLICIT|PERMISSIONS_BOUNDARY",
                "because no session policy allows the a:B action|IMPLICIT|SESSION",
                "because no VPC endpoint policy allows the a:B action status code: 400, request id: x|IMPLICIT|VPC_ENDPOINT",
                "with an explicit deny in an identity-based policy|EXPLICIT|IDENTITY_BASED",
                "with an explicit deny in a resource-based policy|EXPLICIT|RESOURCE_BASED",
                "with an explicit deny in a service control policy: arn:aws:organizations::1:policy/p|EXPLICIT|SERVICE_CONTROL",
                "with an explicit deny in a resource control policy|EXPLICIT|RESOURCE_CONTROL",
                "with an explicit deny in a permissions boundary|EXPLICIT|PERMISSIONS_BOUNDARY",
                "with an explicit deny in a session policy|EXPLICIT|SESSION",
                "with an explicit deny in a VPC endpoint policy transitively through a service control policy"
                        + "|EXPLICIT|VPC_ENDPOINT",
            })
    void reasonClauses(String clause, Reason reason, PolicyType type) {
        DenialMessage d = parse("User: arn:aws:iam::123456789012:user/u is not authorized to perform: a:B on"
                + " resource: arn:aws:x:us-east-1:123456789012:thing/t " + clause);
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.policyType()).isEqualTo(type);
        assertThat(d.resource()).isEqualTo("arn:aws:x:us-east-1:123456789012:thing/t");
    }

    @Test
    void policyArnAndTransitiveSuffixes() {
        DenialMessage scp = parse("not authorized to perform: a:B with an explicit deny in a service control policy:"
                + " arn:aws:organizations::705927066274:policy/o-ysrrabz20z/service_control_policy/p-ddxnpgbm.");
        assertThat(scp.principal()).isNull();
        assertThat(scp.resource()).isNull();
        assertThat(scp.policyArn())
                .isEqualTo("arn:aws:organizations::705927066274:policy/o-ysrrabz20z/service_control_policy/p-ddxnpgbm");
        DenialMessage transitive = parse("User: u is not authorized to perform: SNS:Publish on resource: r with an"
                + " explicit deny in a VPC endpoint policy transitively through a service control policy");
        assertThat(transitive.transitiveType()).isEqualTo(PolicyType.SERVICE_CONTROL);
    }

    @Test
    void oldFormatAndOddTails() {
        DenialMessage old = parse("User: arn:aws:iam::*:user/gudsen is not authorized to perform: sts:AssumeRole on"
                + " resource: aws:iam::*:role/gudsen_role (Service: AWSSecurityTokenService; Status Code: 403; Error"
                + " Code: AccessDenied; Request ID: b59b74ae-9126-4975-8a87-c987e092da76)");
        assertThat(old.reason()).isEqualTo(Reason.NONE);
        assertThat(old.resource()).isEqualTo("aws:iam::*:role/gudsen_role");
        DenialMessage go = parse("AccessDenied: User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform:"
                + " sts:AssumeRole on resource: arn:aws:iam::1:role/x\n        status code: 403, request id: y");
        assertThat(go.resource()).isEqualTo("arn:aws:iam::1:role/x");
        DenialMessage cipher = parse("User: u is not authorized to perform: kms:Decrypt on the resource associated"
                + " with this ciphertext because no identity-based policy allows the kms:Decrypt action");
        assertThat(cipher.ciphertextResource()).isTrue();
        assertThat(cipher.resource()).isNull();
        assertThat(cipher.policyType()).isEqualTo(PolicyType.IDENTITY_BASED);
        DenialMessage noResource = parse("User: u is not authorized to perform: codecommit:ListRepositories.");
        assertThat(noResource.action()).isEqualTo("codecommit:ListRepositories");
        assertThat(DenialMessage.parse("Access to KMS is not allowed")).isEmpty();
        assertThat(DenialMessage.parse(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "com.amazonaws.secretsmanager#ResourceNotFoundException, ResourceNotFoundException",
        "com.amazon.AWSMimirService#ValidationException, ValidationException",
        "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.coral/, ResourceNotFoundException",
        "DecryptionFailureException, DecryptionFailure",
        "InternalServiceErrorException, InternalServiceError",
        "KmsInvalidStateException, KMSInvalidStateException",
        "AccessDenied, AccessDenied",
    })
    void errorCodesAreNormalized(String raw, String wire) {
        assertThat(AwsFailure.toWireCode(AwsFailure.normalizeCode(raw))).isEqualTo(wire);
    }

    @Test
    void codeBasesUnifyWireCodesAndClassNames() {
        assertThat(AwsFailure.base("AccessDeniedException")).isEqualTo(AwsFailure.base("AccessDenied"));
        assertThat(AwsFailure.base("ExpiredTokenException")).isEqualTo(AwsFailure.base("ExpiredToken"));
        assertThat(AwsFailure.base("KMSInvalidStateException")).isEqualTo(AwsFailure.base("KmsInvalidStateException"));
        assertThat(AwsFailure.base(null)).isEmpty();
    }

    @Test
    void failureFromTheChain() {
        AwsFailure f = AwsFailure.from(SdkClientException.builder()
                .message("wrapped")
                .cause(AwsErrors.sts(403, "AccessDenied", "m"))
                .build());
        assertThat(f.isAwsError()).isTrue();
        assertThat(f.service()).isEqualTo(AwsFailure.Service.STS);
        assertThat(f.code()).isEqualTo("AccessDenied");
        assertThat(f.status()).isEqualTo(403);
        assertThat(f.requestId()).isEqualTo("s-1");

        AwsFailure typed = AwsFailure.from(DecryptionFailureException.builder()
                .statusCode(400)
                .message("Secrets Manager can't decrypt the protected secret text using the provided KMS key.")
                .requestId("r")
                .build());
        assertThat(typed.service()).isEqualTo(AwsFailure.Service.SECRETS_MANAGER);
        assertThat(typed.code()).isEqualTo("DecryptionFailure");
        assertThat(typed.message())
                .isEqualTo("Secrets Manager can't decrypt the protected secret text using the" + " provided KMS key.");

        assertThat(AwsFailure.from(AwsErrors.other("Secrets Manager", "X", "m")).service())
                .isEqualTo(AwsFailure.Service.SECRETS_MANAGER);
        assertThat(AwsFailure.serviceNamed("AWSKMS")).isEqualTo(AwsFailure.Service.KMS);
        assertThat(AwsFailure.serviceNamed("AWSSecurityTokenService")).isEqualTo(AwsFailure.Service.STS);
        assertThat(AwsFailure.stripSdkSuffix("Boom. (Service: Sts, Status Code: 403, Request ID: abc)"))
                .isEqualTo("Boom.");
        assertThat(AwsFailure.from(new RuntimeException("x")).transport()).isEqualTo(AwsFailure.Transport.OTHER);
    }

    @Test
    void arns() {
        assertThat(Arns.roleOfSession("arn:aws-us-gov:sts::222222222222:assumed-role/App/s"))
                .isEqualTo("arn:aws-us-gov:iam::222222222222:role/App");
        assertThat(Arns.roleOfSession("arn:aws:iam::222222222222:role/App")).isNull();
        assertThat(Arns.policyPrincipal("arn:aws:iam::222222222222:user/u"))
                .isEqualTo("arn:aws:iam::222222222222:user/u");
        assertThat(Arns.account("arn:aws:sts::*********:assumed-role/r/s")).isNull();
        assertThat(Arns.account("arn:aws:secretsmanager:us-east-1:111111111111:secret:x"))
                .isEqualTo("111111111111");
        assertThat(Arns.region("arn:aws:secretsmanager:eu-west-1:111111111111:secret:x"))
                .isEqualTo("eu-west-1");
        assertThat(Arns.isSecretArn("arn:aws:secretsmanager:eu-west-1:111111111111:secret:x"))
                .isTrue();
        assertThat(Arns.isSecretArn("arn:aws:kms:eu-west-1:111111111111:key/x")).isFalse();
        assertThat(Arns.isKeyArn("arn:aws:kms:eu-west-1:111111111111:alias/x")).isFalse();
        assertThat(Arns.nameOf("arn:aws:iam::222222222222:role/path/App")).isEqualTo("App");
        assertThat(Arns.findKmsArn("x arn:aws:kms:us-east-1:<536883072436:key/73947a77-ddbe> is disabled."))
                .isEqualTo("arn:aws:kms:us-east-1:536883072436:key/73947a77-ddbe");
        assertThat(Arns.account("not an arn")).isNull();
        assertThat(Arns.region(null)).isNull();
    }

    @Test
    void statementsHaveTheDocumentedShapes() {
        var resource = AwsErrors.json(FixStatements.secretResourcePolicyStatement(
                "arn:aws:iam::2:role/R", false, List.of("secretsmanager:GetSecretValue")));
        assertThat(resource.has("Version")).isFalse();
        assertThat(resource.get("Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
        var key = AwsErrors.json(
                FixStatements.keyPolicyStatement("arn:aws:iam::2:role/R", false, "eu-west-1", "222222222222"));
        assertThat(key.has("Version")).isFalse();
        assertThat(key.get("Action").asText()).isEqualTo("kms:Decrypt");
        assertThat(key.get("Condition")
                        .get("StringEquals")
                        .get("kms:ViaService")
                        .asText())
                .isEqualTo("secretsmanager.eu-west-1.amazonaws.com");
        assertThat(key.get("Condition")
                        .get("StringEquals")
                        .get("kms:CallerAccount")
                        .asText())
                .isEqualTo("222222222222");
        var trust = AwsErrors.json(FixStatements.trustPolicyStatement("arn:aws:iam::2:user/u", null));
        assertThat(trust.get("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(trust.has("Resource")).isFalse();
        assertThat(trust.has("Condition")).isFalse();
        var trustWithId = AwsErrors.json(FixStatements.trustPolicyStatement("arn:aws:iam::2:user/u", "ext-1"));
        assertThat(trustWithId
                        .get("Condition")
                        .get("StringEquals")
                        .get("sts:ExternalId")
                        .asText())
                .isEqualTo("ext-1");
        var identity = AwsErrors.json(FixStatements.identityPolicy(List.of("kms:Decrypt"), "arn:aws:kms:r:1:key/k"));
        assertThat(identity.get("Statement").get(0).has("Principal")).isFalse();
        // Values with quotes and backslashes stay valid JSON: Jackson escapes them.
        var odd = AwsErrors.json(FixStatements.identityPolicy(List.of("a:B"), "arn:aws:x:::\"\\weird"));
        assertThat(odd.get("Statement").get(0).get("Resource").asText()).isEqualTo("arn:aws:x:::\"\\weird");
    }
}
