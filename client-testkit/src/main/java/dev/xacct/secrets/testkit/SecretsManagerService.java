package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.Protocol.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xacct.secrets.testkit.Authorizer.Target;
import dev.xacct.secrets.testkit.internal.iam.ResourcePolicyMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.arns.Arn;

/**
 * Secrets Manager's read operations. {@code GetSecretValue} authorizes the caller on the secret (identity and
 * resource policy), then decrypts as the caller through KMS, as AWS does.
 */
final class SecretsManagerService {

    private static final String NOT_FOUND = "Secrets Manager can't find the specified secret.";
    private static final int MAX_BATCH = 20;

    private final World world;
    private final Authorizer authorizer;
    private final SecretsManagerWrites writes;

    SecretsManagerService(World world, Authorizer authorizer) {
        this.world = world;
        this.authorizer = authorizer;
        this.writes = new SecretsManagerWrites(world, authorizer, this);
    }

    JsonNode handle(Call call, JsonNode request) {
        return switch (call.operation) {
            case "GetSecretValue" -> getSecretValue(call, request);
            case "DescribeSecret" -> describeSecret(call, request);
            case "BatchGetSecretValue" -> batchGetSecretValue(call, request);
            case "ListSecretVersionIds" -> listSecretVersionIds(call, request);
            case "GetResourcePolicy" -> getResourcePolicy(call, request);
            case "PutResourcePolicy" -> writes.putResourcePolicy(call, request);
            case "RestoreSecret" -> writes.restoreSecret(call, request);
            case "UpdateSecret" -> writes.updateSecret(call, request);
            default -> throw AwsError.badRequest("UnknownOperationException", null);
        };
    }

    /** A {@code SecretId} resolved as AWS does: the owner and region, and the secret if it exists there. */
    private record Resolved(
            String secretId,
            String ownerAccountId,
            @Nullable Secret secret) {

        /** The resource named in policies and messages: the full ARN if found, else what the caller sent. */
        String resource() {
            return secret != null ? secret.arn() : secretId;
        }
    }

    private Resolved resolve(Call call, @Nullable String secretId) {
        if (secretId == null || secretId.isEmpty()) {
            throw AwsError.badRequest("InvalidParameterException", "You must provide a SecretId.");
        }
        if (!secretId.startsWith("arn:")) {
            Secret secret = call.caller
                    .account()
                    .findSecretByName(call.region, secretId)
                    .orElse(null);
            return new Resolved(secretId, call.caller.accountId(), secret);
        }
        Arn arn = parseSecretArn(secretId);
        String owner = arn.accountId().orElseThrow();
        // A secret lives in one region: asked in any other, it is not there.
        String name = arn.resourceAsString().substring("secret:".length());
        Secret secret = world.findAccount(owner)
                .filter(account -> arn.region().orElse("").equals(call.region))
                .flatMap(account -> account.findSecretByArn(secretId)
                        .or(() -> looksLikeFullArn(name)
                                ? Optional.empty()
                                : account.findSecretByName(call.region, name)))
                .orElse(null);
        return new Resolved(secretId, owner, secret);
    }

    /**
     * A name ending in a hyphen and six characters is taken for a complete ARN, so it never matches as a partial
     * one: the trap AWS documents for such names.
     */
    private static boolean looksLikeFullArn(String name) {
        return name.matches(".*-[A-Za-z0-9]{6}");
    }

    private static Arn parseSecretArn(String secretId) {
        try {
            Arn arn = Arn.fromString(secretId);
            if (arn.service().equals("secretsmanager")
                    && arn.accountId().isPresent()
                    && arn.region().isPresent()
                    && arn.resourceAsString().startsWith("secret:")
                    && arn.resourceAsString().length() > 7) {
                return arn;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the same error as any other malformed id
        }
        throw AwsError.badRequest(
                "InvalidParameterException",
                "Invalid name. Must be a valid name containing "
                        + "alphanumeric characters, or any of the following: -/_+=.@!");
    }

    /** Authorizes {@code action} on the secret, then fails if it does not exist. */
    private Secret authorize(Call call, String action, Resolved resolved, Map<String, List<String>> context) {
        Secret secret = resolved.secret();
        Map<String, List<String>> keys = new HashMap<>(context);
        keys.put("secretsmanager:SecretId", List.of(resolved.resource()));
        authorizer.require(
                call,
                new Target(
                        action,
                        resolved.resource(),
                        resolved.ownerAccountId(),
                        secret == null ? null : secret.resourcePolicyDocument(),
                        ResourcePolicyMode.OPTIONAL,
                        secret == null ? Map.of() : secret.tags()),
                keys,
                resolved.resource());
        if (secret == null) {
            throw AwsError.badRequest("ResourceNotFoundException", NOT_FOUND);
        }
        return secret;
    }

    /** The request's {@code SecretId}, resolved, with {@code action} authorized on it; the secret must exist. */
    Secret authorizedSecret(Call call, JsonNode request, String action, Map<String, List<String>> context) {
        String secretId = text(request, "SecretId");
        call.secretId = secretId;
        return authorize(call, action, resolve(call, secretId), context);
    }

    private JsonNode getSecretValue(Call call, JsonNode request) {
        String secretId = text(request, "SecretId");
        call.secretId = secretId;
        SecretValueRead read = readValue(call, secretId, text(request, "VersionId"), text(request, "VersionStage"));
        return read.toJson();
    }

    /** A decrypted version of a secret. */
    private record SecretValueRead(Secret secret, SecretVersion version) {

        ObjectNode toJson() {
            ObjectNode out = JSON.createObjectNode()
                    .put("ARN", secret.arn())
                    .put("Name", secret.name())
                    .put("VersionId", version.versionId());
            if (version.secretString() != null) {
                out.put("SecretString", version.secretString());
            } else {
                out.put("SecretBinary", Base64.getEncoder().encodeToString(version.secretBinary()));
            }
            ArrayNode stages = out.putArray("VersionStages");
            version.stages().stream().sorted().forEach(stages::add);
            out.put("CreatedDate", epochSeconds(version.createdDate()));
            return out;
        }
    }

    private SecretValueRead readValue(
            Call call, @Nullable String secretId, @Nullable String versionId, @Nullable String versionStage) {
        Resolved resolved = resolve(call, secretId);
        Map<String, List<String>> context = new HashMap<>();
        if (versionStage != null) {
            context.put("secretsmanager:VersionStage", List.of(versionStage));
        }
        if (versionId != null) {
            context.put("secretsmanager:VersionId", List.of(versionId));
        }
        Secret secret = authorize(call, "secretsmanager:GetSecretValue", resolved, context);
        if (secret.deletedDate().isPresent()) {
            throw AwsError.badRequest(
                    "InvalidRequestException",
                    "You can't perform this operation on the secret because it was marked for deletion.");
        }
        SecretVersion version = selectVersion(secret, versionId, versionStage);
        decryptAsCaller(call, secret, version);
        return new SecretValueRead(secret, version);
    }

    private static SecretVersion selectVersion(
            Secret secret, @Nullable String versionId, @Nullable String versionStage) {
        if (versionId != null) {
            SecretVersion version = secret.versions().stream()
                    .filter(v -> v.versionId().equals(versionId))
                    .findFirst()
                    .orElseThrow(() -> AwsError.badRequest(
                            "ResourceNotFoundException",
                            "Secrets Manager can't find the specified secret value for VersionId: " + versionId));
            if (versionStage != null && !version.stages().contains(versionStage)) {
                throw AwsError.badRequest(
                        "InvalidRequestException",
                        "You provided a VersionStage that is not associated to the provided VersionId.");
            }
            return version;
        }
        String stage = versionStage != null ? versionStage : Secret.AWSCURRENT;
        return secret.versions().stream()
                .filter(v -> v.stages().contains(stage))
                .findFirst()
                .orElseThrow(() -> AwsError.badRequest(
                        "ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret value for staging label: " + stage));
    }

    /** Secrets Manager calls KMS Decrypt as the caller, through the service, with the secret as encryption context. */
    private void decryptAsCaller(Call call, Secret secret, SecretVersion version) {
        KmsKey key = secret.keyOf(version);
        if (key.isAwsManaged()
                && !call.caller.accountId().equals(secret.account().id())) {
            throw AwsError.badRequest(
                    "InvalidRequestException",
                    "You can't access a secret from a different AWS "
                            + "account if you encrypt the secret with the default KMS service key.");
        }
        Map<String, List<String>> context = new HashMap<>();
        context.put("kms:ViaService", List.of("secretsmanager." + secret.region() + ".amazonaws.com"));
        context.put("kms:CallerAccount", List.of(call.caller.accountId()));
        context.put("kms:EncryptionContext:SecretARN", List.of(secret.arn()));
        context.put("kms:EncryptionContext:SecretVersionId", List.of(version.versionId()));
        context.put("kms:EncryptionContextKeys", List.of("SecretARN", "SecretVersionId"));
        context.put("aws:ViaAWSService", List.of("true"));
        boolean allowed = authorizer
                .decide(
                        call,
                        new Target(
                                "kms:Decrypt",
                                key.arn(),
                                key.account().id(),
                                key.keyPolicyDocument(),
                                ResourcePolicyMode.REQUIRED,
                                key.tags()),
                        context)
                .allowed();
        if (!allowed) {
            throw AwsError.badRequest("AccessDeniedException", "Access to KMS is not allowed");
        }
        KmsService.requireUsable(key).ifPresent(kmsError -> {
            throw AwsError.badRequest(
                    "DecryptionFailure",
                    "Secrets Manager can't decrypt the secret value: "
                            + kmsError.getMessage() + " (Service: AWSKMS; Status Code: 400; Error Code: "
                            + kmsError.code()
                            + "; Request ID: " + world.randomUuid() + "; Proxy: null)");
        });
    }

    private JsonNode describeSecret(Call call, JsonNode request) {
        String secretId = text(request, "SecretId");
        call.secretId = secretId;
        Secret secret = authorize(call, "secretsmanager:DescribeSecret", resolve(call, secretId), Map.of());
        ObjectNode out = JSON.createObjectNode().put("ARN", secret.arn()).put("Name", secret.name());
        if (secret.description() != null) {
            out.put("Description", secret.description());
        }
        // As configured (key id, key ARN, alias name or alias ARN); omitted for the AWS managed key.
        secret.kmsKeyId().ifPresent(keyId -> out.put("KmsKeyId", keyId));
        Instant lastChanged = secret.versions().stream()
                .map(SecretVersion::createdDate)
                .max(Instant::compareTo)
                .orElse(secret.createdDate());
        out.put("LastChangedDate", epochSeconds(lastChanged));
        secret.deletedDate().ifPresent(date -> out.put("DeletedDate", epochSeconds(date)));
        ObjectNode stages = out.putObject("VersionIdsToStages");
        for (SecretVersion version : secret.versions()) {
            if (!version.stages().isEmpty()) {
                ArrayNode labels = stages.putArray(version.versionId());
                version.stages().stream().sorted().forEach(labels::add);
            }
        }
        out.put("CreatedDate", epochSeconds(secret.createdDate()));
        return out;
    }

    private JsonNode batchGetSecretValue(Call call, JsonNode request) {
        JsonNode ids = request.get("SecretIdList");
        JsonNode filters = request.get("Filters");
        if ((ids == null) == (filters == null)) {
            throw AwsError.badRequest(
                    "InvalidParameterException", "Either 'SecretIdList' or 'Filters' must be provided, but not both.");
        }
        if (request.has("MaxResults") && filters == null) {
            throw AwsError.badRequest(
                    "InvalidParameterException",
                    "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.");
        }
        // An account-level action: authorized on "*" in the caller's account, named without a resource.
        authorizer.require(
                call,
                new Target(
                        "secretsmanager:BatchGetSecretValue",
                        "*",
                        call.caller.accountId(),
                        null,
                        ResourcePolicyMode.NONE),
                Map.of(),
                null);
        List<String> secretIds = ids != null ? textList(ids) : filteredNames(call, filters);
        if (secretIds.size() > MAX_BATCH) {
            throw AwsError.badRequest(
                    "InvalidParameterException", "SecretIdList must contain at most " + MAX_BATCH + " secret ids.");
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode values = out.putArray("SecretValues");
        ArrayNode errors = out.putArray("Errors");
        for (String secretId : secretIds) {
            try {
                values.add(readValue(call, secretId, null, null).toJson());
            } catch (AwsError e) {
                ObjectNode error = errors.addObject().put("SecretId", secretId).put("ErrorCode", e.code());
                if (e.getMessage() != null) {
                    error.put("Message", e.getMessage());
                }
            }
        }
        return out;
    }

    /** The names of the caller's own secrets in the region that match a {@code name} filter (prefix match). */
    private List<String> filteredNames(Call call, JsonNode filters) {
        authorizer.require(
                call,
                new Target("secretsmanager:ListSecrets", "*", call.caller.accountId(), null, ResourcePolicyMode.NONE),
                Map.of(),
                null);
        List<String> prefixes = new ArrayList<>();
        for (JsonNode filter : filters) {
            if (!"name".equals(text(filter, "Key"))) {
                throw AwsError.badRequest(
                        "InvalidParameterException",
                        "The emulator supports only the 'name' filter, was: " + text(filter, "Key"));
            }
            prefixes.addAll(textList(filter.path("Values")));
        }
        return world.findAccount(call.caller.accountId()).stream()
                .flatMap(account -> account.secretsIn(call.region).stream())
                .map(Secret::name)
                .filter(name -> prefixes.stream().anyMatch(name::startsWith))
                .sorted()
                .toList();
    }

    private JsonNode listSecretVersionIds(Call call, JsonNode request) {
        String secretId = text(request, "SecretId");
        call.secretId = secretId;
        Secret secret = authorize(call, "secretsmanager:ListSecretVersionIds", resolve(call, secretId), Map.of());
        boolean includeDeprecated = request.path("IncludeDeprecated").asBoolean(false);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode versions = out.putArray("Versions");
        for (SecretVersion version : secret.versions()) {
            if (includeDeprecated || !version.stages().isEmpty()) {
                ObjectNode entry = versions.addObject().put("VersionId", version.versionId());
                if (!version.stages().isEmpty()) {
                    ArrayNode labels = entry.putArray("VersionStages");
                    version.stages().stream().sorted().forEach(labels::add);
                }
                entry.put("CreatedDate", epochSeconds(version.createdDate()));
            }
        }
        return out.put("ARN", secret.arn()).put("Name", secret.name());
    }

    private JsonNode getResourcePolicy(Call call, JsonNode request) {
        String secretId = text(request, "SecretId");
        call.secretId = secretId;
        Secret secret = authorize(call, "secretsmanager:GetResourcePolicy", resolve(call, secretId), Map.of());
        ObjectNode out = JSON.createObjectNode().put("ARN", secret.arn()).put("Name", secret.name());
        secret.resourcePolicy().ifPresent(policy -> out.put("ResourcePolicy", policy));
        return out;
    }

    static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> textList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }
}
