package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.Protocol.JSON;
import static dev.xacct.secrets.testkit.SecretsManagerService.epochSeconds;
import static dev.xacct.secrets.testkit.SecretsManagerService.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xacct.secrets.testkit.Authorizer.Target;
import dev.xacct.secrets.testkit.internal.iam.Decision;
import dev.xacct.secrets.testkit.internal.iam.ResourcePolicyMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.arns.Arn;

/** KMS {@code Decrypt} and {@code DescribeKey}, authorized by the key policy as KMS does. */
final class KmsService {

    private final World world;
    private final Authorizer authorizer;
    private final KmsAdmin admin;

    KmsService(World world, Authorizer authorizer) {
        this.world = world;
        this.authorizer = authorizer;
        this.admin = new KmsAdmin(world, authorizer, this);
    }

    JsonNode handle(Call call, JsonNode request) {
        return switch (call.operation) {
            case "Decrypt" -> decrypt(call, request);
            case "DescribeKey" -> describeKey(call, request);
            case "GetKeyPolicy" -> admin.getKeyPolicy(call, request);
            case "PutKeyPolicy" -> admin.putKeyPolicy(call, request);
            case "EnableKey" -> admin.enableKey(call, request);
            case "CancelKeyDeletion" -> admin.cancelKeyDeletion(call, request);
            case "CreateAlias" -> admin.createAlias(call, request);
            case "ListAliases" -> admin.listAliases(call, request);
            default -> throw AwsError.badRequest("UnknownOperationException", null);
        };
    }

    /** The error KMS gives for a key that cannot be used now, if any. */
    static Optional<AwsError> requireUsable(KmsKey key) {
        return switch (key.state()) {
            case ENABLED -> Optional.empty();
            case DISABLED -> Optional.of(AwsError.badRequest("DisabledException", key.arn() + " is disabled."));
            case PENDING_DELETION ->
                Optional.of(AwsError.badRequest("KMSInvalidStateException", key.arn() + " is pending deletion."));
        };
    }

    private JsonNode decrypt(Call call, JsonNode request) {
        byte[] blob = binary(request, "CiphertextBlob");
        Map<String, String> encryptionContext = stringMap(request.get("EncryptionContext"));
        String keyIdParam = text(request, "KeyId");
        KmsKey named = keyIdParam == null ? null : resolveKey(call, keyIdParam);
        boolean ignoreCiphertext = request.path("DryRun").asBoolean(false)
                && request.path("DryRunModifiers").toString().contains("IGNORE_CIPHERTEXT");
        if (blob == null && !ignoreCiphertext) {
            throw AwsError.badRequest(
                    "ValidationException",
                    "1 validation error detected: Value null at "
                            + "'ciphertextBlob' failed to satisfy constraint: Member must not be null");
        }
        Optional<String> blobKeyArn = KeyMaterial.keyArnOf(blob);
        if (named != null
                && blobKeyArn.isEmpty()
                && !ignoreCiphertext
                && world.decryptOrder() == DecryptOrder.VALIDATE_CIPHERTEXT_FIRST) {
            throw invalidCiphertext();
        }
        KmsKey key = named != null
                ? named
                : blobKeyArn.flatMap(arn -> findKey(call, arn)).orElseThrow(KmsService::invalidCiphertext);
        Map<String, List<String>> context = new HashMap<>();
        context.put("kms:CallerAccount", List.of(call.caller.accountId()));
        encryptionContext.forEach((k, v) -> context.put("kms:EncryptionContext:" + k, List.of(v)));
        if (!encryptionContext.isEmpty()) {
            context.put("kms:EncryptionContextKeys", new ArrayList<>(encryptionContext.keySet()));
        }
        Decision decision = authorizer.decide(call, keyTarget("kms:Decrypt", key), context);
        if (!decision.allowed()) {
            // Without a KeyId, KMS does not reveal which key the ciphertext names.
            throw Authorizer.accessDenied(
                    call,
                    "kms:Decrypt",
                    named != null ? " on resource: " + key.arn() : " on the resource associated with this ciphertext",
                    " " + decision.reason("kms:Decrypt"));
        }
        if (ignoreCiphertext || request.path("DryRun").asBoolean(false)) {
            throw AwsError.badRequest(
                    "DryRunOperationException", "The request would have succeeded, but the DryRun option is set.");
        }
        if (blobKeyArn.isEmpty()) {
            throw invalidCiphertext();
        }
        if (!blobKeyArn.get().equals(key.arn())) {
            throw AwsError.badRequest(
                    "IncorrectKeyException",
                    "The key ID in the request does not identify a CMK that can perform this operation.");
        }
        requireUsable(key).ifPresent(error -> {
            throw error;
        });
        // Not null here: a null blob names no key, refused above.
        byte[] plaintext = key.decrypt(Objects.requireNonNull(blob), encryptionContext);
        if (plaintext == null) {
            throw invalidCiphertext();
        }
        return JSON.createObjectNode()
                .put("KeyId", key.arn())
                .put("Plaintext", Base64.getEncoder().encodeToString(plaintext))
                .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    }

    private JsonNode describeKey(Call call, JsonNode request) {
        String keyIdParam = text(request, "KeyId");
        if (keyIdParam == null) {
            throw AwsError.badRequest(
                    "ValidationException",
                    "1 validation error detected: Value null at 'keyId' "
                            + "failed to satisfy constraint: Member must not be null");
        }
        KmsKey key = resolveKey(call, keyIdParam);
        authorizer.require(
                call,
                keyTarget("kms:DescribeKey", key),
                Map.of("kms:CallerAccount", List.of(call.caller.accountId())),
                key.arn());
        ObjectNode metadata = JSON.createObjectNode()
                .put("AWSAccountId", key.account().id())
                .put("KeyId", key.keyId())
                .put("Arn", key.arn())
                .put("CreationDate", epochSeconds(key.creationDate()))
                .put("Enabled", key.state() == KmsKey.State.ENABLED)
                .put(
                        "Description",
                        key.isAwsManaged()
                                ? "Default key that protects my Secrets Manager data when no other key is defined"
                                : "")
                .put("KeyUsage", "ENCRYPT_DECRYPT")
                .put(
                        "KeyState",
                        switch (key.state()) {
                            case ENABLED -> "Enabled";
                            case DISABLED -> "Disabled";
                            case PENDING_DELETION -> "PendingDeletion";
                        })
                .put("Origin", "AWS_KMS")
                .put("KeyManager", key.isAwsManaged() ? "AWS" : "CUSTOMER")
                .put("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT")
                .put("KeySpec", "SYMMETRIC_DEFAULT")
                .put("MultiRegion", false);
        metadata.putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
        ObjectNode out = JSON.createObjectNode();
        out.set("KeyMetadata", metadata);
        return out;
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

    /**
     * Resolves a key id, key ARN, alias name or alias ARN; ids and alias names are looked up in the caller's account.
     * A key in another region than the request's is not found there.
     */
    KmsKey resolveKey(Call call, String keyId) {
        if (keyId.startsWith("arn:")) {
            try {
                Arn.fromString(keyId);
            } catch (IllegalArgumentException e) {
                throw AwsError.badRequest("InvalidArnException", "Invalid arn " + keyId);
            }
        }
        String[] parts = keyId.startsWith("arn:") ? keyId.split(":", 6) : null;
        String account = parts != null && parts.length == 6 ? parts[4] : call.caller.accountId();
        String region = parts != null && parts.length == 6 ? parts[3] : call.region;
        String resource = parts != null && parts.length == 6 ? parts[5] : keyId;
        Optional<KmsKey> key = region.equals(call.region) ? world.resolveKey(keyId, account, region) : Optional.empty();
        return key.orElseThrow(() -> resource.startsWith("alias/")
                ? AwsError.badRequest(
                        "NotFoundException",
                        "Alias arn:aws:kms:" + region + ":" + account + ":" + resource + " is not found.")
                : AwsError.badRequest(
                        "NotFoundException",
                        "Key 'arn:aws:kms:" + region + ":" + account + ":key/"
                                + (resource.startsWith("key/") ? resource.substring(4) : resource)
                                + "' does not exist"));
    }

    private Optional<KmsKey> findKey(Call call, String keyArn) {
        Arn arn = Arn.fromString(keyArn);
        String region = arn.region().orElse("");
        return region.equals(call.region)
                ? world.findAccount(arn.accountId().orElse(""))
                        .flatMap(a -> a.findKey(region, arn.resourceAsString().substring(4)))
                : Optional.empty();
    }

    private static AwsError invalidCiphertext() {
        return AwsError.badRequest("InvalidCiphertextException", null);
    }

    private static byte @Nullable [] binary(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw AwsError.badRequest("SerializationException", field + " is not valid base64");
        }
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null) {
            node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }
}
