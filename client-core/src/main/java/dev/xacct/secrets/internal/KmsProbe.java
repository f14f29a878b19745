package dev.xacct.secrets.internal;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.DiagnosisContext;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.internal.diagnosis.Arns;
import dev.xacct.secrets.internal.diagnosis.Diagnoses;
import dev.xacct.secrets.internal.diagnosis.Diagnoses.KmsFinding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/**
 * The diagnosis of a failed read, with the few extra calls that turn an ambiguous AWS answer into evidence. All of
 * them are made only on the failure path, and each one's failure only leaves the diagnosis less certain.
 *
 * <ol>
 *   <li>The role: when the app runs as a role session (no {@code roleArn}), {@code iam:GetRole} gives the role's ARN
 *       with its path (a session ARN has none) and whether it has a permissions boundary.</li>
 *   <li>"no resource-based policy allows" from another account is also what a secret that does not exist gives:
 *       {@code DescribeSecret} of the same id tells whether the secret is there.</li>
 *   <li>"Access to KMS is not allowed" names no policy: the key (configured, or {@code KmsKeyId} from
 *       {@code DescribeSecret}), then a direct {@code kms:Decrypt} naming it, whose denial names the policy type, then
 *       {@code iam:SimulatePrincipalPolicy} for the role.</li>
 * </ol>
 *
 * <p>A direct {@code kms:Decrypt} is evaluated without the {@code kms:ViaService} that Secrets Manager adds, so its
 * denial by the key policy proves nothing about a read through Secrets Manager: only a denial by the identity policy,
 * an explicit deny or a guardrail is taken as proof. When nothing tells the two policies apart, the diagnosis stays
 * {@code KMS_ACCESS_DENIED} with both fixes: a wrong "the key policy is missing" is worse than an honest "one of
 * these two".
 */
final class KmsProbe {

    private static final SdkBytes DUMMY_CIPHERTEXT =
            SdkBytes.fromByteArray("xacct-secrets kms access probe".getBytes(StandardCharsets.US_ASCII));

    private final Settings settings;
    private final AwsClients clients;

    KmsProbe(Settings settings, AwsClients clients) {
        this.settings = settings;
        this.clients = clients;
    }

    /** What the IAM side knows of the role the app runs as (or is to assume), its trust policy URL-decoded. */
    private record RoleFacts(String arn, boolean hasBoundary, String trustPolicy) {}

    /**
     * Diagnoses a failed {@code GetSecretValue}, classified once by the caller: its code chooses the probes, and the
     * final diagnosis is written once, from the same reading of the failure and what the probes found.
     *
     * @param ref the secret
     * @param region the region the request went to
     * @param classified the failure, read and classified
     * @param context what the client knows
     * @return the diagnosis, never {@code null}
     */
    Diagnosis diagnose(SecretRef ref, String region, Diagnoses.Classification classified, DiagnosisContext context) {
        DiagnosisContext ctx = context.toBuilder()
                .endpoint(endpoint(settings, "secretsmanager", region))
                .externalId(settings.externalId())
                .build();
        if (!needsEvidence(classified.code())) {
            return Diagnoses.withEvidence(classified, ctx, null, null);
        }
        RoleFacts role = role(ctx);
        if (role != null && ctx.roleArn() == null) {
            ctx = ctx.toBuilder().roleArn(role.arn()).build();
        }
        return switch (classified.code()) {
            // The trust policy itself tells a caller it does not name from one it names under a Condition.
            case ASSUME_ROLE_DENIED ->
                Diagnoses.withEvidence(classified, ctx, role == null ? null : role.trustPolicy(), null);
            case SECRET_RESOURCE_POLICY ->
                Diagnoses.withEvidence(
                        classified,
                        ctx.toBuilder()
                                .secretDescribed(describe(ref, region) != null)
                                .build(),
                        null,
                        null);
            case KMS_ACCESS_DENIED ->
                managedKeyAcrossAccounts(ref, ctx)
                        ? Diagnoses.withEvidence(classified, ctx, null, null)
                        : refineKms(ref, region, ctx, role, classified);
            default -> Diagnoses.withEvidence(classified, ctx, null, null);
        };
    }

    /** The AWS managed key configured for a secret of another account: the diagnosis needs no probe to say so. */
    private static boolean managedKeyAcrossAccounts(SecretRef ref, DiagnosisContext ctx) {
        boolean managed = Boolean.TRUE.equals(ctx.awsManagedKey())
                || (ctx.kmsKeyArn() != null && ctx.kmsKeyArn().endsWith("alias/aws/secretsmanager"));
        String caller = Arns.account(ctx.roleArn() != null ? ctx.roleArn() : ctx.callerArn());
        String owner = Arns.account(ref.secretId());
        return managed && caller != null && owner != null && !caller.equals(owner);
    }

    /** The URL a call to {@code service} in {@code region} goes to: the configured endpoint, else AWS's own. */
    static String endpoint(Settings settings, String service, String region) {
        if (settings.endpointOverride() != null) {
            return settings.endpointOverride().toString();
        }
        return region == null ? null : "https://" + service + "." + region + ".amazonaws.com";
    }

    private static boolean needsEvidence(DiagnosisCode code) {
        return switch (code) {
            case SECRET_RESOURCE_POLICY,
                    KEY_POLICY,
                    IDENTITY_POLICY,
                    KMS_ACCESS_DENIED,
                    ACCESS_DENIED,
                    AWS_MANAGED_KEY,
                    ASSUME_ROLE_DENIED,
                    EXPLICIT_DENY,
                    POLICY_GUARDRAIL -> true;
            default -> false;
        };
    }

    private Diagnosis refineKms(
            SecretRef ref,
            String region,
            DiagnosisContext context,
            RoleFacts role,
            Diagnoses.Classification classified) {
        DiagnosisContext withKey = context;
        if (context.kmsKeyArn() == null) {
            DescribeSecretResponse description = describe(ref, region);
            if (description != null) {
                withKey = context.toBuilder()
                        .secretArn(description.arn())
                        .kmsKeyArn(keyArn(description, region))
                        .awsManagedKey(description.kmsKeyId() == null)
                        .secretDescribed(true)
                        .build();
            }
        }
        if (withKey.kmsKeyArn() == null) {
            return Diagnoses.withEvidence(classified, withKey, null, null);
        }
        String keyArn = withKey.kmsKeyArn();
        Diagnosis probe = probeDecrypt(keyArn, region, withKey);
        if (probe != null
                && (probe.code() == DiagnosisCode.EXPLICIT_DENY || probe.code() == DiagnosisCode.POLICY_GUARDRAIL)) {
            // A Deny or a guardrail on kms:Decrypt holds whether or not the call comes through Secrets Manager.
            return probe;
        }
        if (probe != null && probe.code() == DiagnosisCode.IDENTITY_POLICY) {
            return Diagnoses.withEvidence(classified, withKey, null, KmsFinding.DIRECT_DECRYPT_NO_IDENTITY_POLICY);
        }
        EvaluationResult simulated = simulate(withKey, keyArn);
        if (simulated == null) {
            return Diagnoses.withEvidence(classified, withKey, null, null);
        }
        if (simulated.evalDecision() == PolicyEvaluationDecisionType.ALLOWED) {
            return Diagnoses.withEvidence(classified, withKey, null, KmsFinding.SIMULATION_ALLOWS);
        }
        boolean boundaryAllows = simulated.permissionsBoundaryDecisionDetail() != null
                ? Boolean.TRUE.equals(
                        simulated.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary())
                : role != null && !role.hasBoundary();
        boolean organizationsAllow = simulated.organizationsDecisionDetail() == null
                || Boolean.TRUE.equals(simulated.organizationsDecisionDetail().allowedByOrganizations());
        if (simulated.evalDecision() == PolicyEvaluationDecisionType.IMPLICIT_DENY
                && boundaryAllows
                && organizationsAllow) {
            return Diagnoses.withEvidence(classified, withKey, null, KmsFinding.SIMULATION_NO_IDENTITY_POLICY);
        }
        // The simulation denies, but the boundary or an SCP may be what decides: both candidates, honestly.
        return Diagnoses.withEvidence(classified, withKey, null, null);
    }

    private DescribeSecretResponse describe(SecretRef ref, String region) {
        try {
            return clients.secretsManager(region)
                    .describeSecret(r -> r.secretId(ref.secretId()).overrideConfiguration(clients.diagnosticCall()));
        } catch (SdkException e) {
            return null;
        }
    }

    /**
     * The role the app runs as, with its path, from {@code iam:GetRole}: the configured role, or the role of the
     * caller's session. {@code null} when IAM does not answer (not allowed, or an endpoint without IAM).
     */
    private RoleFacts role(DiagnosisContext context) {
        String roleName = roleName(context.roleArn() != null ? context.roleArn() : roleOfSession(context.callerArn()));
        if (roleName == null) {
            return null;
        }
        for (IamClient iam : iamClients()) {
            try {
                Role role = iam.getRole(r -> r.roleName(roleName)).role();
                return new RoleFacts(
                        role.arn(), role.permissionsBoundary() != null, decoded(role.assumeRolePolicyDocument()));
            } catch (SdkException e) {
                // not allowed, or no IAM at this endpoint: try the other identity, else go without
            }
        }
        return null;
    }

    private static String decoded(String document) {
        if (document == null || document.trim().startsWith("{")) {
            return document;
        }
        return java.net.URLDecoder.decode(document.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String roleOfSession(String callerArn) {
        if (callerArn == null || !callerArn.contains(":assumed-role/")) {
            return null;
        }
        String rest = callerArn.substring(callerArn.indexOf(":assumed-role/") + ":assumed-role/".length());
        int slash = rest.indexOf('/');
        return "role/" + (slash < 0 ? rest : rest.substring(0, slash));
    }

    private static String iamRoleOfSession(String callerArn) {
        String role = roleOfSession(callerArn);
        String[] parts = callerArn == null ? new String[0] : callerArn.split(":", 6);
        return role == null || parts.length != 6 ? null : "arn:" + parts[1] + ":iam::" + parts[4] + ":" + role;
    }

    private static String roleName(String roleArn) {
        if (roleArn == null || !roleArn.contains("role/")) {
            return null;
        }
        return roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }

    /**
     * The key ARN of a secret's {@code KmsKeyId}, which may be a key ARN, an alias ARN, a bare key id or an alias name
     * (the last two meaning the owner's account): aliases are resolved with {@code DescribeKey}.
     */
    private String keyArn(DescribeSecretResponse description, String region) {
        String keyId = description.kmsKeyId();
        if (keyId == null || (keyId.startsWith("arn:") && keyId.contains(":key/"))) {
            return keyId;
        }
        String[] secretArn = description.arn().split(":", 6);
        String qualified = keyId.startsWith("arn:")
                ? keyId
                : "arn:" + secretArn[1] + ":kms:" + secretArn[3] + ":" + secretArn[4] + ":"
                        + (keyId.startsWith("alias/") ? keyId : "key/" + keyId);
        if (!qualified.contains(":alias/")) {
            return qualified;
        }
        try {
            return clients.kms(keyRegion(qualified, region))
                    .describeKey(r -> r.keyId(qualified))
                    .keyMetadata()
                    .arn();
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
            Diagnosis probe = Diagnoses.of(
                    e,
                    context.toBuilder().step(DiagnosisContext.Step.KMS_DECRYPT).build());
            return switch (probe.code()) {
                case KEY_POLICY, IDENTITY_POLICY, EXPLICIT_DENY, POLICY_GUARDRAIL -> probe;
                default -> null;
            };
        } catch (SdkException e) {
            return null;
        }
    }

    /** The simulation of {@code kms:Decrypt} on the key for the role, or {@code null} if it cannot be run. */
    private EvaluationResult simulate(DiagnosisContext context, String keyArn) {
        // Without the path (no iam:GetRole), the session's role named at the root path: IAM answers NoSuchEntity if
        // it has a path, and the diagnosis stays unsure.
        String roleArn = context.roleArn() != null ? context.roleArn() : iamRoleOfSession(context.callerArn());
        if (roleArn == null) {
            return null;
        }
        for (IamClient iam : iamClients()) {
            try {
                List<EvaluationResult> results = iam.simulatePrincipalPolicy(r -> r.policySourceArn(roleArn)
                                .actionNames("kms:Decrypt")
                                .resourceArns(keyArn))
                        .evaluationResults();
                return results.isEmpty() ? null : results.get(0);
            } catch (SdkException e) {
                // not allowed to this identity: try the other
            }
        }
        return null;
    }

    /** IAM as the role first (a role may simulate and read itself), then as the base identity. */
    private List<IamClient> iamClients() {
        IamClient asRole = clients.iamAsRole();
        return asRole == clients.iam() ? List.of(asRole) : List.of(asRole, clients.iam());
    }

    private static String keyRegion(String keyArn, String fallback) {
        try {
            return Arn.fromString(keyArn).region().orElse(fallback);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
