package dev.xacct.secrets.cli.internal;

import dev.xacct.secrets.Fix;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The AWS calls {@code fix} makes, as the caller: who it is, reading and writing the four policies, and the commands
 * it runs as SDK calls. Each command first reads the state it would change, so that a second run changes nothing.
 */
public final class AwsAccess implements AutoCloseable {

    /** At most this many tries per call: a wrong endpoint should fail in seconds. */
    private static final int MAX_ATTEMPTS = 2;
    /** Each call ends within this, retries included, whatever the network does (a black hole, a trickle). */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Each HTTP attempt ends within this. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    private final AwsCredentialsProvider credentials;
    private final URI endpoint;
    private final String region;
    private final Map<String, SdkClient> clients = new ConcurrentHashMap<>();

    /**
     * Creates the access; clients are built on first use.
     *
     * @param profile the profile to take credentials from, or {@code null} for the standard chain
     * @param endpoint an endpoint for every service, or {@code null} for AWS
     * @param region the region for STS (secrets and keys are called in their ARN's region)
     */
    public AwsAccess(String profile, URI endpoint, String region) {
        this.credentials = profile == null
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.create(profile);
        this.endpoint = endpoint;
        this.region = region;
    }

    /**
     * The caller, from STS {@code GetCallerIdentity}.
     *
     * @return the caller's account and ARN
     */
    public GetCallerIdentityResponse caller() {
        return sts().getCallerIdentity();
    }

    /**
     * The policy as it is now.
     *
     * @param target the policy
     * @return the document, or {@code null} when the resource has none (no resource policy, no inline policy of that
     *     name)
     */
    public String read(PolicyTarget target) {
        return switch (target.kind()) {
            case SECRET_RESOURCE_POLICY ->
                secretsManager(target.region())
                        .getResourcePolicy(r -> r.secretId(target.arn()))
                        .resourcePolicy();
            case KEY_POLICY ->
                kms(target.region())
                        .getKeyPolicy(r -> r.keyId(target.arn()).policyName("default"))
                        .policy();
            case TRUST_POLICY ->
                decoded(iam().getRole(r -> r.roleName(target.principalName()))
                        .role()
                        .assumeRolePolicyDocument());
            case IDENTITY_POLICY -> readIdentityPolicy(target);
        };
    }

    private String readIdentityPolicy(PolicyTarget target) {
        try {
            return decoded(
                    target.isRole()
                            ? iam().getRolePolicy(r ->
                                            r.roleName(target.principalName()).policyName(target.policyName()))
                                    .policyDocument()
                            : iam().getUserPolicy(r ->
                                            r.userName(target.principalName()).policyName(target.policyName()))
                                    .policyDocument());
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    /**
     * Writes the whole policy.
     *
     * @param target the policy
     * @param document the document to store
     */
    public void write(PolicyTarget target, String document) {
        switch (target.kind()) {
            case SECRET_RESOURCE_POLICY ->
                secretsManager(target.region())
                        .putResourcePolicy(r -> r.secretId(target.arn())
                                .resourcePolicy(document)
                                .blockPublicPolicy(true));
            case KEY_POLICY ->
                kms(target.region())
                        .putKeyPolicy(
                                r -> r.keyId(target.arn()).policyName("default").policy(document));
            case TRUST_POLICY ->
                iam().updateAssumeRolePolicy(
                                r -> r.roleName(target.principalName()).policyDocument(document));
            case IDENTITY_POLICY -> {
                if (target.isRole()) {
                    iam().putRolePolicy(r -> r.roleName(target.principalName())
                            .policyName(target.policyName())
                            .policyDocument(document));
                } else {
                    iam().putUserPolicy(r -> r.userName(target.principalName())
                            .policyName(target.policyName())
                            .policyDocument(document));
                }
            }
        }
    }

    /**
     * Whether a command {@code fix} knows how to run.
     *
     * @param command the command
     * @return {@code true} for {@code kms enable-key}, {@code kms cancel-key-deletion},
     *     {@code secretsmanager restore-secret} and {@code secretsmanager update-secret --kms-key-id}
     */
    public static boolean runs(Fix.RunCommand command) {
        List<String> words = command.command();
        String operation = words.get(1) + " " + words.get(2);
        return command.targetArn() != null
                && switch (operation) {
                    case "kms enable-key", "kms cancel-key-deletion", "secretsmanager restore-secret" -> true;
                    case "secretsmanager update-secret" -> option(command, "--kms-key-id") != null;
                    default -> false;
                };
    }

    /**
     * Whether the command still has something to change: the key is not enabled, not pending deletion, the secret
     * is marked for deletion, or is encrypted with another key.
     *
     * @param command a command that {@link #runs}
     * @return {@code true} if running it would change something
     */
    public boolean needed(Fix.RunCommand command) {
        String target = command.targetArn();
        String region = regionOf(target);
        return switch (command.command().get(2)) {
            case "enable-key" ->
                kms(region).describeKey(r -> r.keyId(target)).keyMetadata().keyState() != KeyState.ENABLED;
            case "cancel-key-deletion" ->
                kms(region).describeKey(r -> r.keyId(target)).keyMetadata().keyState() == KeyState.PENDING_DELETION;
            case "restore-secret" -> describeSecret(target).deletedDate() != null;
            default ->
                !option(command, "--kms-key-id").equals(describeSecret(target).kmsKeyId());
        };
    }

    /**
     * Runs the command as the SDK call it stands for.
     *
     * @param command a command that {@link #runs}
     */
    public void run(Fix.RunCommand command) {
        String target = command.targetArn();
        String region = regionOf(target);
        switch (command.command().get(2)) {
            case "enable-key" -> kms(region).enableKey(r -> r.keyId(target));
            case "cancel-key-deletion" -> kms(region).cancelKeyDeletion(r -> r.keyId(target));
            case "restore-secret" -> secretsManager(region).restoreSecret(r -> r.secretId(target));
            default ->
                secretsManager(region).updateSecret(r -> r.secretId(target).kmsKeyId(option(command, "--kms-key-id")));
        }
    }

    private DescribeSecretResponse describeSecret(String arn) {
        return secretsManager(regionOf(arn)).describeSecret(r -> r.secretId(arn));
    }

    private static String option(Fix.RunCommand command, String name) {
        List<String> words = command.command();
        int at = words.indexOf(name);
        return at < 0 || at + 1 >= words.size() ? null : words.get(at + 1);
    }

    private String regionOf(String arn) {
        String fromArn = new PolicyTarget(PolicyTarget.Kind.KEY_POLICY, arn, null).region();
        return fromArn != null ? fromArn : region;
    }

    /** IAM returns documents URL-encoded (RFC 3986); the SDK hands them over as they came. */
    private static String decoded(String document) {
        if (document == null || document.trim().startsWith("{")) {
            return document;
        }
        return URLDecoder.decode(document.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private StsClient sts() {
        return (StsClient) clients.computeIfAbsent(
                "sts", k -> configure(StsClient.builder(), region).build());
    }

    private IamClient iam() {
        return (IamClient) clients.computeIfAbsent(
                "iam",
                k -> configure(IamClient.builder(), Region.AWS_GLOBAL.id()).build());
    }

    private SecretsManagerClient secretsManager(String in) {
        String at = in != null ? in : region;
        return (SecretsManagerClient) clients.computeIfAbsent(
                "secretsmanager:" + at,
                k -> configure(SecretsManagerClient.builder(), at).build());
    }

    private KmsClient kms(String in) {
        String at = in != null ? in : region;
        return (KmsClient) clients.computeIfAbsent(
                "kms:" + at, k -> configure(KmsClient.builder(), at).build());
    }

    private <B extends AwsClientBuilder<B, C>, C> B configure(B builder, String at) {
        builder.credentialsProvider(credentials)
                .region(Region.of(at))
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(MAX_ATTEMPTS))
                        .apiCallTimeout(CALL_TIMEOUT)
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
    }
}
