package dev.xacct.secrets.testkit;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Real AWS SDK v2 clients pointed at an emulator, with retries off so that each call is one request. Tests close
 * them through {@link #close()}.
 */
final class Sdk implements AutoCloseable {

    private final AwsEmulator aws;
    private final List<SdkAutoCloseable> opened = new ArrayList<>();

    Sdk(AwsEmulator aws) {
        this.aws = aws;
    }

    static AwsCredentialsProvider credentials(AccessKey key) {
        return StaticCredentialsProvider.create(
                key.sessionToken() == null
                        ? AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())
                        : AwsSessionCredentials.create(key.accessKeyId(), key.secretAccessKey(), key.sessionToken()));
    }

    private static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .build();
    }

    SecretsManagerClient secretsManager(AccessKey key) {
        return secretsManager(credentials(key), World.DEFAULT_REGION);
    }

    SecretsManagerClient secretsManager(AccessKey key, String region) {
        return secretsManager(credentials(key), region);
    }

    SecretsManagerClient secretsManager(AwsCredentialsProvider credentials, String region) {
        return secretsManager(credentials, region, UrlConnectionHttpClient.create());
    }

    /** A client on the given HTTP client; the SDK leaves closing that to the caller. */
    SecretsManagerClient secretsManager(AwsCredentialsProvider credentials, String region, SdkHttpClient http) {
        return track(SecretsManagerClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(noRetries())
                .build());
    }

    KmsClient kms(AccessKey key) {
        return track(KmsClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.of(World.DEFAULT_REGION))
                .credentialsProvider(credentials(key))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries())
                .build());
    }

    StsClient sts(AccessKey key) {
        return sts(credentials(key));
    }

    StsClient sts(AwsCredentialsProvider credentials) {
        return track(StsClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.of(World.DEFAULT_REGION))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries())
                .build());
    }

    IamClient iam(AccessKey key) {
        return track(IamClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials(key))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries())
                .build());
    }

    /** Assumes {@code roleArn} with {@code key} through STS and returns the session's key. */
    AccessKey assumeRole(AccessKey key, String roleArn, String sessionName) {
        return assumeRole(
                key,
                AssumeRoleRequest.builder()
                        .roleArn(roleArn)
                        .roleSessionName(sessionName)
                        .build());
    }

    AccessKey assumeRole(AccessKey key, AssumeRoleRequest request) {
        var credentials = sts(key).assumeRole(request).credentials();
        return new AccessKey(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
    }

    private <T extends SdkAutoCloseable> T track(T client) {
        opened.add(client);
        return client;
    }

    @Override
    public void close() {
        for (SdkAutoCloseable client : opened) {
            client.close();
        }
    }
}
