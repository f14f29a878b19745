package dev.xacct.secrets.cli;

import dev.xacct.secrets.InvalidSecretRefException;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsClientBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The {@code verify} command line, checked: the secrets to verify, the output format, and a client builder carrying
 * every option. Every value is checked here, before any call to AWS, so that a typo costs no network round trip and
 * gets a message naming the option.
 *
 * @param secrets the secrets, in the order given
 * @param format how to print the report
 * @param client the client configuration
 */
public record VerifyRequest(List<SecretRef> secrets, OutputFormat format, XacctSecretsClientBuilder client) {

    /** The options {@code verify} knows. */
    public static final Set<String> OPTIONS = Set.of(
            "--secret", "--role-arn", "--external-id", "--kms-key-arn", "--region", "--endpoint-url", "--format");

    /** At most this many tries per AWS call: a broken setup should answer in seconds, not after a retry storm. */
    static final int MAX_ATTEMPTS = 2;

    /**
     * The threads the client reads on. Shared and never shut down: a client's own pool is shut down by
     * {@code close()} while the cache may still be finishing its bookkeeping, which then logs a rejected task on
     * stderr. Daemon threads, so the process still exits; idle ones end after a minute.
     */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "xacct-cli-reader");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Creates the request; the secrets are copied.
     *
     * @param secrets the secrets, in the order given
     * @param format how to print the report
     * @param client the client configuration
     */
    public VerifyRequest {
        secrets = List.copyOf(secrets);
    }

    /**
     * Checks the parsed {@code verify} options.
     *
     * @param args the parsed options
     * @return the request
     * @throws UsageException naming the first bad option
     */
    public static VerifyRequest of(Arguments args) throws UsageException {
        return of(args, VerifyRequest::regionFromSdkChain);
    }

    /**
     * Checks the parsed {@code verify} options, with {@code sdkRegion} standing for the SDK's region chain.
     *
     * @param args the parsed options
     * @param sdkRegion the region the SDK's chain finds, or {@code null} when it finds none; asked only when
     *     {@code --region} is not given
     * @return the request
     * @throws UsageException naming the first bad option
     */
    static VerifyRequest of(Arguments args, Supplier<@Nullable String> sdkRegion) throws UsageException {
        OutputFormat format = OutputFormat.of(args.single("--format").orElse("text"));
        List<SecretRef> secrets = secrets(args.all("--secret"));
        XacctSecretsClientBuilder client = XacctSecretsClient.builder()
                .overrideConfiguration(c -> c.retryStrategy(retry -> retry.maxAttempts(MAX_ATTEMPTS)))
                .executor(READERS);
        Optional<String> role = args.single("--role-arn");
        if (role.isPresent()) {
            apply("--role-arn", () -> client.roleArn(role.get()));
        }
        Optional<String> externalId = args.single("--external-id");
        if (externalId.isPresent()) {
            if (role.isEmpty()) {
                throw new UsageException("--external-id needs --role-arn: it is sent when assuming that role");
            }
            apply("--external-id", () -> client.externalId(externalId.get()));
        }
        Optional<String> keyArn = args.single("--kms-key-arn");
        if (keyArn.isPresent()) {
            apply("--kms-key-arn", () -> client.kmsKeyArn(keyArn.get()));
        }
        Optional<String> endpoint = args.single("--endpoint-url");
        if (endpoint.isPresent()) {
            apply("--endpoint-url", () -> client.endpointOverride(URI.create(endpoint.get())));
        }
        Optional<String> region = args.single("--region");
        if (region.isPresent()) {
            apply("--region", () -> client.region(region.get()));
        } else {
            // Last, so that no other mistake waits on the SDK's chain (which may ask instance metadata).
            String resolved = defaultRegion(sdkRegion, secrets);
            apply("the AWS region chain", () -> client.region(resolved));
        }
        return new VerifyRequest(secrets, format, client);
    }

    private static List<SecretRef> secrets(List<String> given) throws UsageException {
        if (given.isEmpty()) {
            throw new UsageException("verify needs at least one --secret ARN");
        }
        List<SecretRef> secrets = new ArrayList<>();
        for (String text : given) {
            try {
                secrets.add(SecretRef.parse(text));
            } catch (InvalidSecretRefException e) {
                throw new UsageException("--secret: " + e.getMessage());
            }
        }
        return secrets;
    }

    /**
     * The region for STS and for secrets that name none: the SDK's chain, else the region of the first secret ARN,
     * since every secret given by ARN is read in its own region anyway and a missing {@code AWS_REGION} should not
     * stop a check of full ARNs.
     */
    static String defaultRegion(Supplier<@Nullable String> sdkRegion, List<SecretRef> secrets) throws UsageException {
        String region = sdkRegion.get();
        if (region != null) {
            return region;
        }
        return secrets.stream()
                .map(SecretRef::region)
                .filter(r -> r != null)
                .findFirst()
                .orElseThrow(() -> new UsageException("--region is needed: no secret ARN names a region and the AWS "
                        + "region chain (AWS_REGION, profile) has none"));
    }

    private static @Nullable String regionFromSdkChain() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (SdkException e) {
            return null;
        }
    }

    /** Applies one option to the builder, turning its complaint into a usage error that names the option. */
    private static void apply(String option, Runnable setter) throws UsageException {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }
}
