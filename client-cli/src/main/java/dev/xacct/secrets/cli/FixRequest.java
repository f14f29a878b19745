package dev.xacct.secrets.cli;

import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The {@code fix} command line, checked.
 *
 * @param report the report's file, or {@code -} for standard input
 * @param apply whether to write (without it, nothing changes)
 * @param format how to give the fixes: applied or shown ({@code text}), or as code
 * @param profile the AWS profile for credentials, or {@code null} for the standard chain
 * @param endpoint an endpoint for every AWS call, or {@code null}
 * @param region the region for STS and for secrets and keys whose ARN names none, or {@code null} when the fixes
 *     are only printed as code
 */
public record FixRequest(
        String report,
        boolean apply,
        Format format,
        @Nullable String profile,
        @Nullable URI endpoint,
        @Nullable String region) {

    /** The options {@code fix} knows that take a value. */
    public static final Set<String> OPTIONS = Set.of("--report", "--format", "--profile", "--endpoint-url", "--region");

    /** The options {@code fix} knows that take none. */
    public static final Set<String> FLAGS = Set.of("--apply");

    /** How {@code fix} gives the fixes. */
    public enum Format {
        /** Read the policies as the caller, show the diffs, apply with {@code --apply}. */
        TEXT,
        /** Terraform: {@code aws_iam_policy_document} statements and the resources they belong to. */
        TERRAFORM,
        /** AWS CLI commands. */
        CLI
    }

    /**
     * Checks the parsed {@code fix} options.
     *
     * @param args the parsed options
     * @return the request
     * @throws UsageException naming the first bad option
     */
    public static FixRequest of(Arguments args) throws UsageException {
        String profile = args.single("--profile").orElse(null);
        return of(args, () -> regionFromSdkChain(profile));
    }

    static FixRequest of(Arguments args, Supplier<@Nullable String> sdkRegion) throws UsageException {
        String report = args.single("--report")
                .orElseThrow(
                        () -> new UsageException(
                                "fix needs --report FILE (the output of 'verify --format json'), or --report - for standard input"));
        String formatName = args.single("--format").orElse("text");
        Format format = switch (formatName) {
            case "text" -> Format.TEXT;
            case "terraform" -> Format.TERRAFORM;
            case "cli" -> Format.CLI;
            default -> throw new UsageException("--format must be text, terraform or cli, was '" + formatName + "'");
        };
        boolean apply = args.flag("--apply");
        if (apply && format != Format.TEXT) {
            throw new UsageException("--apply writes the policies itself; --format " + formatName
                    + " only prints them as code: give one or the other");
        }
        String profile = args.single("--profile").orElse(null);
        URI endpoint = null;
        Optional<String> endpointText = args.single("--endpoint-url");
        if (endpointText.isPresent()) {
            try {
                endpoint = URI.create(endpointText.get());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--endpoint-url: not a URL: '" + endpointText.get() + "'");
            }
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new UsageException(
                        "--endpoint-url must be a URL such as http://127.0.0.1:4566, was '" + endpointText.get() + "'");
            }
        }
        String region = args.single("--region").orElse(null);
        if (region == null && format == Format.TEXT) {
            region = sdkRegion.get();
            if (region == null) {
                // STS answers in any region; the secrets and keys are called in their ARN's region anyway.
                region = "us-east-1";
            }
        }
        return new FixRequest(report, apply, format, profile, endpoint, region);
    }

    /** The SDK's region chain, reading the region of {@code --profile} when one is given. */
    private static @Nullable String regionFromSdkChain(@Nullable String profile) {
        try {
            return (profile == null
                            ? DefaultAwsRegionProviderChain.builder()
                            : DefaultAwsRegionProviderChain.builder().profileName(profile))
                    .build()
                    .getRegion()
                    .id();
        } catch (SdkException e) {
            return null;
        }
    }
}
