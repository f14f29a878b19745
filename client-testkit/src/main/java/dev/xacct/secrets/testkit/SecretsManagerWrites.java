package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.Protocol.JSON;
import static dev.xacct.secrets.testkit.SecretsManagerService.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xacct.secrets.testkit.Authorizer.Target;
import dev.xacct.secrets.testkit.internal.iam.Condition;
import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import dev.xacct.secrets.testkit.internal.iam.ResourcePolicyMode;
import dev.xacct.secrets.testkit.internal.iam.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Secrets Manager writes a policy owner makes — {@code PutResourcePolicy}, {@code RestoreSecret},
 * {@code UpdateSecret} — authorized as any request (the caller's identity policy or the secret's resource policy),
 * then applied through the same Java API (and validation) as {@link OwnerAction}s.
 */
final class SecretsManagerWrites {

    /** Secrets Manager API reference, PublicPolicyException. */
    static final String PUBLIC_POLICY = "The BlockPublicPolicy parameter is set to true, and the resource policy did "
            + "not prevent broad access to the secret.";
    /**
     * Condition keys that pin a {@code "*"} principal to known accounts or principals, so that a policy using them is
     * not "broad access" (the automated reasoning AWS runs for BlockPublicPolicy is approximated by this list).
     */
    private static final Set<String> PINNING_KEYS = Set.of(
            "aws:principalaccount",
            "aws:principalorgid",
            "aws:principalorgpaths",
            "aws:principalarn",
            "aws:userid",
            "aws:sourceaccount",
            "aws:sourcearn",
            "aws:sourceowner",
            "aws:sourcevpc",
            "aws:sourcevpce",
            "aws:sourceorgid",
            "aws:sourceorgpaths",
            "kms:calleraccount");

    private final World world;
    private final Authorizer authorizer;
    private final SecretsManagerService reads;

    SecretsManagerWrites(World world, Authorizer authorizer, SecretsManagerService reads) {
        this.world = world;
        this.authorizer = authorizer;
        this.reads = reads;
    }

    JsonNode putResourcePolicy(Call call, JsonNode request) {
        Secret secret = reads.authorizedSecret(call, request, "secretsmanager:PutResourcePolicy", Map.of());
        String policy = text(request, "ResourcePolicy");
        if (policy == null) {
            throw AwsError.badRequest("InvalidParameterException", "You must provide a ResourcePolicy.");
        }
        boolean block = request.path("BlockPublicPolicy").asBoolean(false);
        refused(() -> {
            PolicyDocument parsed = PolicyValidator.store(
                            world, PolicyKind.SECRET_RESOURCE_POLICY, "resource policy of " + secret.arn(), policy)
                    .document();
            if (block && grantsBroadAccess(parsed)) {
                throw AwsError.badRequest("PublicPolicyException", PUBLIC_POLICY);
            }
            secret.resourcePolicy(policy);
        });
        return arnAndName(secret);
    }

    JsonNode restoreSecret(Call call, JsonNode request) {
        Secret secret = reads.authorizedSecret(call, request, "secretsmanager:RestoreSecret", Map.of());
        secret.restore();
        return arnAndName(secret);
    }

    /** {@code KmsKeyId}, {@code Description} and {@code SecretString}; other members are not emulated. */
    JsonNode updateSecret(Call call, JsonNode request) {
        Secret secret = reads.authorizedSecret(call, request, "secretsmanager:UpdateSecret", Map.of());
        if (secret.deletedDate().isPresent()) {
            throw AwsError.badRequest(
                    "InvalidRequestException",
                    "You can't perform this operation on the secret because it was marked for deletion.");
        }
        String kmsKeyId = text(request, "KmsKeyId");
        if (kmsKeyId != null) {
            requireKeyAccess(call, secret, kmsKeyId);
            refused(() -> secret.kmsKeyId(kmsKeyId));
        }
        String description = text(request, "Description");
        if (description != null) {
            secret.description(description);
        }
        ObjectNode out = arnAndName(secret);
        String value = text(request, "SecretString");
        if (value != null) {
            out.put("VersionId", secret.rotate(value));
        }
        return out;
    }

    /**
     * Re-encrypting under a new key, Secrets Manager calls KMS as the caller, through the service: the caller needs
     * {@code kms:GenerateDataKey} on the new key (SM User Guide, "Secret encryption and decryption"). A key that does
     * not exist is left to {@link Secret#kmsKeyId(String)}, which answers {@code EncryptionFailure}.
     */
    private void requireKeyAccess(Call call, Secret secret, String kmsKeyId) {
        world.resolveKey(kmsKeyId, secret.account().id(), secret.region())
                .filter(key -> !key.isAwsManaged())
                .ifPresent(key -> {
                    Map<String, List<String>> context = new HashMap<>();
                    context.put("kms:ViaService", List.of("secretsmanager." + secret.region() + ".amazonaws.com"));
                    context.put("kms:CallerAccount", List.of(call.caller.accountId()));
                    context.put("kms:EncryptionContext:SecretARN", List.of(secret.arn()));
                    context.put("kms:EncryptionContextKeys", List.of("SecretARN", "SecretVersionId"));
                    context.put("aws:ViaAWSService", List.of("true"));
                    if (!authorizer
                            .decide(
                                    call,
                                    new Target(
                                            "kms:GenerateDataKey",
                                            key.arn(),
                                            key.account().id(),
                                            key.keyPolicyDocument(),
                                            ResourcePolicyMode.REQUIRED,
                                            key.tags()),
                                    context)
                            .allowed()) {
                        throw AwsError.badRequest("AccessDeniedException", "Access to KMS is not allowed");
                    }
                });
    }

    /**
     * Whether an Allow statement grants {@code "*"} (or every AWS principal) without a condition that pins the caller
     * to an account, organization or principal: what BlockPublicPolicy refuses.
     */
    static boolean grantsBroadAccess(PolicyDocument policy) {
        for (Statement statement : policy.statements()) {
            if (statement.effect() != Statement.Effect.ALLOW || statement.principal() == null) {
                continue;
            }
            boolean everyone = statement.notPrincipal()
                    || statement.principal().everyone()
                    || statement.principal().aws().contains("*");
            boolean pinned = statement.conditions().stream()
                    .map(Condition::key)
                    .anyMatch(key -> PINNING_KEYS.contains(key.toLowerCase(Locale.ROOT)));
            if (everyone && !pinned) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode arnAndName(Secret secret) {
        return JSON.createObjectNode().put("ARN", secret.arn()).put("Name", secret.name());
    }

    /** Runs a change made through the world's Java API, answering AWS's error when AWS would refuse it. */
    static void refused(Runnable change) {
        try {
            change.run();
        } catch (AwsRefusedException e) {
            throw e.toAwsError();
        }
    }
}
