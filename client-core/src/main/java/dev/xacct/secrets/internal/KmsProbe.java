package dev.xacct.secrets.internal;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.DiagnosisContext;
import dev.xacct.secrets.PolicyKind;
import dev.xacct.secrets.SecretRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/**
 * Finds out which side denies when Secrets Manager says only "Access to KMS is not allowed": the key policy (Account1)
 * or the caller's identity policy (Account2).
 *
 * <ol>
 *   <li>The key: configured, or {@code KmsKeyId} from {@code DescribeSecret} (whose absence means the AWS managed
 *       key).</li>
 *   <li>A direct {@code kms:Decrypt} naming the key, with a dummy ciphertext: an AccessDenied names the policy type
 *       (an InvalidCiphertext says nothing).</li>
 *   <li>IAM {@code SimulatePrincipalPolicy} for the role, {@code kms:Decrypt} on the key: if the identity policy
 *       allows it, the key policy is the one missing; if not, the identity policy is.</li>
 * </ol>
 *
 * <p>When none of these can tell, the diagnosis stays {@code KMS_ACCESS_DENIED} with both fixes: a wrong "the key
 * policy is missing" is worse than an honest "one of these two".
 */
final class KmsProbe {

    private static final SdkBytes DUMMY_CIPHERTEXT =
            SdkBytes.fromByteArray("xacct-secrets kms access probe".getBytes(StandardCharsets.US_ASCII));

    private final AwsClients clients;

    KmsProbe(AwsClients clients) {
        this.clients = clients;
    }

    Diagnosis refine(SecretRef ref, String region, DiagnosisContext context, SdkException failure,
            Diagnosis kmsDenied) {
        DiagnosisContext withKey = context;
        if (context.kmsKeyArn() == null) {
            DescribeSecretResponse description = describe(ref, region);
            if (description != null) {
                withKey = context.toBuilder()
                        .secretArn(description.arn())
                        .kmsKeyArn(keyArn(description, region))
                        .awsManagedKey(description.kmsKeyId() == null)
                        .build();
            }
        }
        if (withKey.kmsKeyArn() == null) {
            return Diagnosis.of(failure, withKey);
        }
        String keyArn = withKey.kmsKeyArn();
        Diagnosis byDecrypt = probeDecrypt(keyArn, region, withKey);
        if (byDecrypt != null && byDecrypt.policy() == PolicyKind.IDENTITY_POLICY) {
            return Diagnosis.kmsSideDenied(PolicyKind.IDENTITY_POLICY, withKey,
                    "a direct kms:Decrypt naming the key was denied because no identity-based policy allows it",
                    kmsDenied);
        }
        PolicyEvaluationDecisionType simulated = simulate(withKey, keyArn);
        if (simulated == PolicyEvaluationDecisionType.ALLOWED) {
            return Diagnosis.kmsSideDenied(PolicyKind.KEY_POLICY, withKey,
                    "IAM policy simulation shows the identity policy allows kms:Decrypt on the key"
                            + (byDecrypt != null ? ", and a direct kms:Decrypt was denied by the key policy" : ""),
                    kmsDenied);
        }
        boolean keyPolicyDenied = byDecrypt != null && byDecrypt.policy() == PolicyKind.KEY_POLICY;
        if (simulated != null && !keyPolicyDenied) {
            return Diagnosis.kmsSideDenied(PolicyKind.IDENTITY_POLICY, withKey,
                    "IAM policy simulation shows the identity policy does not allow kms:Decrypt on the key ("
                            + simulated + ")", kmsDenied);
        }
        if (simulated == null && keyPolicyDenied) {
            return Diagnosis.kmsSideDenied(PolicyKind.KEY_POLICY, withKey,
                    "a direct kms:Decrypt naming the key was denied because no resource-based policy (the key "
                            + "policy) allows it", kmsDenied);
        }
        // Nothing told them apart, or both deny: both fixes, honestly.
        return Diagnosis.of(failure, withKey);
    }

    private DescribeSecretResponse describe(SecretRef ref, String region) {
        try {
            return clients.secretsManager(region).describeSecret(r -> r.secretId(ref.secretId())
                    .overrideConfiguration(clients.diagnosticCall()));
        } catch (SdkException e) {
            return null;
        }
    }

    /**
     * The key ARN of a secret's {@code KmsKeyId}, which may be a key ARN, an alias ARN, a bare key id or an alias name
     * (the last two meaning the owner's account): aliases are resolved with {@code DescribeKey}.
     */
    private String keyArn(DescribeSecretResponse description, String region) {
        String keyId = description.kmsKeyId();
        if (keyId == null || keyId.startsWith("arn:") && keyId.contains(":key/")) {
            return keyId;
        }
        String[] secretArn = description.arn().split(":", 6);
        String qualified = keyId.startsWith("arn:") ? keyId
                : "arn:" + secretArn[1] + ":kms:" + secretArn[3] + ":" + secretArn[4] + ":"
                        + (keyId.startsWith("alias/") ? keyId : "key/" + keyId);
        if (!qualified.contains(":alias/")) {
            return qualified;
        }
        try {
            return clients.kms(keyRegion(qualified, region)).describeKey(r -> r.keyId(qualified)).keyMetadata().arn();
        } catch (SdkException e) {
            return null;
        }
    }

    /** The diagnosis of a direct Decrypt naming the key, or {@code null} when it says nothing about policies. */
    private Diagnosis probeDecrypt(String keyArn, String region, DiagnosisContext context) {
        try {
            clients.kms(keyRegion(keyArn, region)).decrypt(r -> r.keyId(keyArn).ciphertextBlob(DUMMY_CIPHERTEXT));
            return null;
        } catch (KmsException e) {
            Diagnosis probe = Diagnosis.of(e, context.toBuilder().step(DiagnosisContext.Step.KMS_DECRYPT).build());
            boolean policyNamed = probe.code() == DiagnosisCode.KEY_POLICY
                    || probe.code() == DiagnosisCode.IDENTITY_POLICY;
            return policyNamed ? probe : null;
        } catch (SdkException e) {
            return null;
        }
    }

    /** The simulated decision for the role's identity policy on {@code kms:Decrypt}, or {@code null} if unknown. */
    private PolicyEvaluationDecisionType simulate(DiagnosisContext context, String keyArn) {
        String roleArn = context.roleArn() != null ? context.roleArn() : clients.roleArn();
        if (roleArn == null) {
            return null;
        }
        try {
            List<EvaluationResult> results = clients.iam().simulatePrincipalPolicy(r -> r.policySourceArn(roleArn)
                    .actionNames("kms:Decrypt").resourceArns(keyArn)).evaluationResults();
            return results.isEmpty() ? null : results.get(0).evalDecision();
        } catch (SdkException e) {
            return null;
        }
    }

    private static String keyRegion(String keyArn, String fallback) {
        try {
            return Arn.fromString(keyArn).region().orElse(fallback);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
