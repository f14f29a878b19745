package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.Protocol.JSON;
import static dev.xacct.secrets.testkit.SecretsManagerService.epochSeconds;
import static dev.xacct.secrets.testkit.SecretsManagerService.text;
import static dev.xacct.secrets.testkit.SecretsManagerWrites.refused;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xacct.secrets.testkit.Authorizer.Target;
import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import dev.xacct.secrets.testkit.internal.iam.ResourcePolicyMode;
import java.util.List;
import java.util.Map;

/**
 * The KMS operations a key owner uses — {@code GetKeyPolicy}, {@code PutKeyPolicy} (with the lockout safety check),
 * {@code EnableKey}, {@code CancelKeyDeletion}, {@code CreateAlias}, {@code ListAliases} — authorized by the key policy
 * (and the identity policies it delegates to), then applied through the world's Java API. None of them works on
 * another account's key (KMS API reference, "Cross-account use: No").
 */
final class KmsAdmin {

    /** KMS API reference, PutKeyPolicy, BypassPolicyLockoutSafetyCheck; the text KMS answers. */
    static final String LOCKOUT = "The new key policy will not allow you to update the key policy in the future.";

    private final World world;
    private final Authorizer authorizer;
    private final KmsService kms;

    KmsAdmin(World world, Authorizer authorizer, KmsService kms) {
        this.world = world;
        this.authorizer = authorizer;
        this.kms = kms;
    }

    JsonNode getKeyPolicy(Call call, JsonNode request) {
        KmsKey key = ownKey(call, request, "kms:GetKeyPolicy");
        return JSON.createObjectNode().put("Policy", key.keyPolicy()).put("PolicyName", "default");
    }

    JsonNode putKeyPolicy(Call call, JsonNode request) {
        KmsKey key = ownKey(call, request, "kms:PutKeyPolicy");
        String policy = text(request, "Policy");
        if (policy == null) {
            throw AwsError.badRequest(
                    "ValidationException",
                    "1 validation error detected: Value null at 'policy' "
                            + "failed to satisfy constraint: Member must not be null");
        }
        boolean bypass = request.path("BypassPolicyLockoutSafetyCheck").asBoolean(false);
        refused(() -> {
            PolicyDocument next = PolicyValidator.store(
                            world, PolicyKind.KEY_POLICY, "key policy of " + key.arn(), policy)
                    .document();
            // The lockout safety check: the caller must be able to put the key policy again under the new one.
            if (!bypass
                    && !authorizer
                            .decide(
                                    call,
                                    new Target(
                                            "kms:PutKeyPolicy",
                                            key.arn(),
                                            key.account().id(),
                                            next,
                                            ResourcePolicyMode.REQUIRED,
                                            key.tags()),
                                    callerAccount(call))
                            .allowed()) {
                throw AwsError.badRequest("MalformedPolicyDocumentException", LOCKOUT);
            }
            key.keyPolicy(policy);
        });
        return JSON.createObjectNode();
    }

    JsonNode enableKey(Call call, JsonNode request) {
        KmsKey key = ownKey(call, request, "kms:EnableKey");
        refused(key::enable);
        return JSON.createObjectNode();
    }

    JsonNode cancelKeyDeletion(Call call, JsonNode request) {
        KmsKey key = ownKey(call, request, "kms:CancelKeyDeletion");
        refused(key::cancelDeletion);
        return JSON.createObjectNode().put("KeyId", key.arn());
    }

    /**
     * KMS API reference, CreateAlias: "kms:CreateAlias on the alias (IAM policy)" and "kms:CreateAlias on the KMS key
     * (key policy)"; the alias and the key must be in the caller's account and region.
     */
    JsonNode createAlias(Call call, JsonNode request) {
        String aliasName = text(request, "AliasName");
        String target = text(request, "TargetKeyId");
        if (aliasName == null || target == null) {
            throw AwsError.badRequest(
                    "ValidationException",
                    "1 validation error detected: Value null at '"
                            + (aliasName == null ? "aliasName" : "targetKeyId")
                            + "' failed to satisfy constraint: Member "
                            + "must not be null");
        }
        KmsKey key = kms.resolveKey(call, target);
        Account account = call.caller.account();
        if (key.account() == account) {
            authorizer.require(call, keyTarget("kms:CreateAlias", key), callerAccount(call), key.arn());
            String aliasArn = "arn:aws:kms:" + call.region + ":" + account.id() + ":" + aliasName;
            authorizer.require(
                    call,
                    new Target("kms:CreateAlias", aliasArn, account.id(), null, ResourcePolicyMode.NONE),
                    Map.of(),
                    aliasArn);
        }
        refused(() -> account.createAlias(aliasName, key));
        return JSON.createObjectNode();
    }

    /** The caller's aliases in the request's region (of one key with {@code KeyId}); authorized on {@code *}. */
    JsonNode listAliases(Call call, JsonNode request) {
        authorizer.require(
                call,
                new Target("kms:ListAliases", "*", call.caller.accountId(), null, ResourcePolicyMode.NONE),
                Map.of(),
                null);
        String keyIdParam = text(request, "KeyId");
        KmsKey only = keyIdParam == null ? null : kms.resolveKey(call, keyIdParam);
        Account account = call.caller.account();
        ObjectNode out = JSON.createObjectNode();
        ArrayNode aliases = out.putArray("Aliases");
        account.aliasesIn(call.region).forEach((name, key) -> {
            if (only == null || only == key) {
                alias(aliases, call, name, key);
            }
        });
        account.existingAwsManagedKey(call.region)
                .filter(key -> only == null || only == key)
                .ifPresent(key -> alias(aliases, call, KmsKey.AWS_SECRETSMANAGER_ALIAS, key));
        return out.put("Truncated", false);
    }

    private static void alias(ArrayNode aliases, Call call, String name, KmsKey key) {
        aliases.addObject()
                .put("AliasName", name)
                .put(
                        "AliasArn",
                        "arn:aws:kms:" + call.region + ":" + key.account().id() + ":" + name)
                .put("TargetKeyId", key.keyId())
                .put("CreationDate", epochSeconds(key.creationDate()));
    }

    /** The request's {@code KeyId}, which must be a key of the caller's account, with {@code action} authorized. */
    private KmsKey ownKey(Call call, JsonNode request, String action) {
        String keyIdParam = text(request, "KeyId");
        if (keyIdParam == null) {
            throw AwsError.badRequest(
                    "ValidationException",
                    "1 validation error detected: Value null at 'keyId' "
                            + "failed to satisfy constraint: Member must not be null");
        }
        KmsKey key = kms.resolveKey(call, keyIdParam);
        if (!key.account().id().equals(call.caller.accountId())) {
            // Not a cross-account operation: no key policy can grant it to another account.
            throw Authorizer.accessDenied(
                    call,
                    action,
                    " on resource: " + key.arn(),
                    " because no resource-based policy allows the " + action + " action");
        }
        authorizer.require(call, keyTarget(action, key), callerAccount(call), key.arn());
        return key;
    }

    private static Target keyTarget(String action, KmsKey key) {
        return new Target(
                action,
                key.arn(),
                key.account().id(),
                key.keyPolicyDocument(),
                ResourcePolicyMode.REQUIRED,
                key.tags());
    }

    private static Map<String, List<String>> callerAccount(Call call) {
        return Map.of("kms:CallerAccount", List.of(call.caller.accountId()));
    }
}
