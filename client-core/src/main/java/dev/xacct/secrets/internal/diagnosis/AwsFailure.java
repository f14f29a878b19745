package dev.xacct.secrets.internal.diagnosis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The facts of a failure, extracted from an exception chain: which AWS service answered, its normalized error code,
 * its message, HTTP status and request id; or, when no AWS service answered, whether the failure was a network
 * problem or missing credentials.
 *
 * <p>{@link #from(Throwable)} never throws.
 *
 * @param transport what kind of failure this is
 * @param service the service that answered, {@link Service#OTHER} if unknown or none
 * @param code the normalized wire error code, such as {@code AccessDeniedException}, {@code AccessDenied},
 *     {@code DecryptionFailure}; or {@code null}
 * @param message AWS's error message as received, without the SDK's suffix; or {@code null}
 * @param status the HTTP status, 0 if none
 * @param requestId the AWS request id, or {@code null}
 * @param sdkThrottling whether the SDK itself classifies this error as throttling
 * @param exceptionClass the fully qualified class name of the exception the facts come from, or {@code null} when
 *     there was no failure
 * @param exceptionMessage the exception's own message (for an AWS error, including the SDK suffix), or {@code null}
 */
public record AwsFailure(
        Transport transport,
        Service service,
        String code,
        String message,
        int status,
        String requestId,
        boolean sdkThrottling,
        String exceptionClass,
        String exceptionMessage) {

    /** The AWS service that produced an error. */
    public enum Service {
        SECRETS_MANAGER("Secrets Manager"),
        KMS("KMS"),
        STS("STS"),
        IAM("IAM"),
        /** Another or an unknown service. */
        OTHER("AWS");

        private final String displayName;

        Service(String displayName) {
            this.displayName = displayName;
        }

        /** {@return a human name for the service, such as {@code Secrets Manager}} */
        public String displayName() {
            return displayName;
        }
    }

    /** What kind of failure this is when no AWS service answered. */
    public enum Transport {
        /** An AWS service answered with an error. */
        AWS_ERROR,
        /** The request did not complete: I/O error, connection refused, timeout. */
        NETWORK,
        /** The SDK found no credentials to sign with. */
        NO_CREDENTIALS,
        /** An answer came, but it could not be read: empty, truncated or not the JSON expected. */
        UNREADABLE,
        /** Anything else. */
        OTHER
    }

    private static final int MAX_CHAIN = 32;

    /** The SDK v2 suffix appended by {@code AwsServiceException.getMessage()}. */
    private static final Pattern SDK_SUFFIX = Pattern.compile("\\s*\\(Service: [^()]*?, Status Code: [^()]*\\)\\s*$");

    private static final Pattern CODE_IN_TEXT = Pattern.compile(
            "An error occurred \\((\\w+)\\)|api error (\\w+):|^\\s*(\\w+(?:Exception|Error|Denied|Failure)):\\s");

    private static final Pattern REQUEST_ID_IN_TEXT =
            Pattern.compile("(?i)request[ _-]?id:?\\s*<?([A-Za-z0-9][A-Za-z0-9-]{7,})");

    /** Java class names whose wire code differs by more than an {@code Exception} suffix, mapped to the wire code. */
    private static final Map<String, String> CLASS_TO_WIRE = Map.of(
            "DecryptionFailureException", "DecryptionFailure",
            "EncryptionFailureException", "EncryptionFailure",
            "InternalServiceErrorException", "InternalServiceError",
            "KmsInvalidStateException", "KMSInvalidStateException",
            "KmsInternalException", "KMSInternalException",
            "KmsInvalidSignatureException", "KMSInvalidSignatureException",
            "KmsInvalidMacException", "KMSInvalidMacException");

    /** Exception classes that carry no code of their own: the generic per-service and SDK base classes. */
    private static final Set<String> GENERIC_CLASSES = Set.of(
            "AwsServiceException",
            "SdkServiceException",
            "SecretsManagerException",
            "KmsException",
            "StsException",
            "IamException");

    /**
     * {@return the facts of {@code failure}, which may be {@code null}} The first {@link AwsServiceException} in the
     * cause chain wins (the SDK wraps, for example, a failing STS credentials provider's {@code StsException} in an
     * {@code SdkClientException}).
     */
    public static AwsFailure from(Throwable failure) {
        if (failure == null) {
            return local(Transport.OTHER, null, null);
        }
        AwsServiceException aws = null;
        boolean network = false;
        boolean noCredentials = false;
        boolean unreadable = false;
        IdentityHashMap<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable t = failure;
        for (int i = 0; t != null && i < MAX_CHAIN && seen.put(t, Boolean.TRUE) == null; i++, t = t.getCause()) {
            if (t instanceof AwsServiceException) {
                aws = (AwsServiceException) t;
                break;
            }
            if (isUnreadable(t)) {
                unreadable = true;
            } else if (isNetwork(t)) {
                network = true;
            }
            if (t instanceof SdkClientException && mentionsMissingCredentials(t.getMessage())) {
                noCredentials = true;
            }
        }
        if (aws != null) {
            return fromAws(aws);
        }
        Transport transport = noCredentials
                ? Transport.NO_CREDENTIALS
                : unreadable ? Transport.UNREADABLE : network ? Transport.NETWORK : Transport.OTHER;
        // Only messages the client's own stack wrote are kept: a parser's message quotes the response body, which can
        // hold a secret value, and an unrecognised exception's message may come from anywhere.
        boolean localMessage = transport == Transport.NETWORK || transport == Transport.NO_CREDENTIALS;
        return local(transport, failure.getClass().getName(), localMessage ? failure.getMessage() : null);
    }

    /** A failure no AWS service answered. */
    private static AwsFailure local(Transport transport, String exceptionClass, String exceptionMessage) {
        return new AwsFailure(transport, Service.OTHER, null, null, 0, null, false, exceptionClass, exceptionMessage);
    }

    private static AwsFailure fromAws(AwsServiceException e) {
        AwsErrorDetails details = safely(e::awsErrorDetails, null);
        String rawCode = details == null ? null : details.errorCode();
        String message = details == null ? null : details.errorMessage();
        String fullMessage = safely(e::getMessage, null);
        if (message == null || message.isBlank()) {
            message = stripSdkSuffix(fullMessage);
        }
        String code = normalizeCode(rawCode);
        if (code == null) {
            String simple = e.getClass().getSimpleName();
            if (!GENERIC_CLASSES.contains(simple) && simple.endsWith("Exception")) {
                code = simple;
            }
        }
        if (code == null) {
            code = sniffCode(message);
        }
        code = toWireCode(code);
        String requestId = e.requestId();
        if (requestId == null || requestId.isBlank()) {
            requestId = sniffRequestId(message);
        }
        return new AwsFailure(
                Transport.AWS_ERROR,
                serviceOf(e, details),
                code,
                message,
                e.statusCode(),
                requestId,
                safely(e::isThrottlingException, false),
                e.getClass().getName(),
                fullMessage);
    }

    /** An exception's accessor, which may itself throw: a failure to read it is no reason to fail the diagnosis. */
    static <T> T safely(Supplier<T> accessor, T otherwise) {
        try {
            return accessor.get();
        } catch (RuntimeException ex) {
            return otherwise;
        }
    }

    private static Service serviceOf(AwsServiceException e, AwsErrorDetails details) {
        String pkg = e.getClass().getName();
        String prefix = "software.amazon.awssdk.services.";
        if (pkg.startsWith(prefix)) {
            String rest = pkg.substring(prefix.length());
            int dot = rest.indexOf('.');
            Service s = serviceNamed(dot < 0 ? rest : rest.substring(0, dot));
            if (s != Service.OTHER) {
                return s;
            }
        }
        return details == null ? Service.OTHER : serviceNamed(details.serviceName());
    }

    /**
     * {@return the service a name in any of the SDK's spellings names} ({@code SecretsManager}, {@code Secrets
     * Manager}, {@code secretsmanager}, {@code Kms}, {@code AWSKMS}, {@code Sts}, {@code AWSSecurityTokenService},
     * {@code Iam}); {@link Service#OTHER} if unknown or {@code null}.
     */
    public static Service serviceNamed(String name) {
        if (name == null) {
            return Service.OTHER;
        }
        String n = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        if (n.startsWith("aws")) {
            n = n.substring(3);
        }
        return switch (n) {
            case "secretsmanager" -> Service.SECRETS_MANAGER;
            case "kms", "keymanagementservice" -> Service.KMS;
            case "sts", "securitytokenservice" -> Service.STS;
            case "iam", "identitymanagement", "identitymanagementservice" -> Service.IAM;
            default -> Service.OTHER;
        };
    }

    /** A parser's failure on a response, or the SDK's report of one: the answer came but could not be read. */
    private static boolean isUnreadable(Throwable t) {
        String name = t.getClass().getSimpleName();
        if ((name.startsWith("Json") && name.endsWith("Exception")) || name.equals("MismatchedInputException")) {
            return true;
        }
        String m = t instanceof SdkClientException ? safely(t::getMessage, null) : null;
        return m != null
                && (m.startsWith("Unable to unmarshall")
                        || m.startsWith("Unable to parse")
                        || m.startsWith("The response could not be read"));
    }

    private static boolean isNetwork(Throwable t) {
        if (t instanceof IOException
                || t instanceof UncheckedIOException
                || t instanceof TimeoutException
                || t instanceof ApiCallTimeoutException
                || t instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        if (t instanceof SdkClientException) {
            String m = safely(t::getMessage, null);
            return m != null
                    && (m.contains("Unable to execute HTTP request")
                            || m.toLowerCase(Locale.ROOT).contains("timed out")
                            || m.toLowerCase(Locale.ROOT).contains("timeout"));
        }
        return false;
    }

    private static boolean mentionsMissingCredentials(String message) {
        return message != null
                && (message.contains("Unable to load credentials")
                        || message.contains("Access key ID cannot be blank"));
    }

    /**
     * {@return an AWS error code normalized as the SDK does, or {@code null} if blank}: the text after the first
     * {@code #} and before the first {@code :} ({@code com.amazonaws.secretsmanager#ResourceNotFoundException} becomes
     * {@code ResourceNotFoundException}).
     */
    public static String normalizeCode(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.trim();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(hash + 1);
        }
        int colon = s.indexOf(':');
        if (colon >= 0) {
            s = s.substring(0, colon);
        }
        s = s.trim();
        return s.isEmpty() ? null : s;
    }

    /**
     * {@return the wire code of an SDK Java class name whose wire code differs} ({@code DecryptionFailureException} to
     * {@code DecryptionFailure}, {@code KmsInvalidStateException} to {@code KMSInvalidStateException}); other codes,
     * and {@code null}, are returned as they are.
     */
    public static String toWireCode(String code) {
        return code == null ? null : CLASS_TO_WIRE.getOrDefault(code, code);
    }

    /**
     * {@return the comparable base of a code: lower case, without a trailing {@code Exception}; {@code ""} for
     * {@code null}} Wire codes and Java class names share it: {@code AccessDenied} and {@code AccessDeniedException}
     * both give {@code accessdenied}.
     */
    public static String base(String code) {
        if (code == null) {
            return "";
        }
        String c = code.toLowerCase(Locale.ROOT);
        if (c.endsWith("exception") && c.length() > "exception".length()) {
            c = c.substring(0, c.length() - "exception".length());
        }
        return c;
    }

    /**
     * {@return the message without the SDK's {@code " (Service: ..., Status Code: ..., Request ID: ...)"} suffix, or
     * {@code null}} The older semicolon-separated form that Secrets Manager embeds for KMS errors is kept.
     */
    public static String stripSdkSuffix(String message) {
        if (message == null) {
            return null;
        }
        String m = SDK_SUFFIX.matcher(message).replaceFirst("");
        return m.isBlank() ? null : m;
    }

    private static String sniffCode(String message) {
        Matcher m = CODE_IN_TEXT.matcher(message == null ? "" : message);
        if (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    return m.group(g);
                }
            }
        }
        return null;
    }

    private static String sniffRequestId(String message) {
        Matcher m = REQUEST_ID_IN_TEXT.matcher(message == null ? "" : message);
        return m.find() ? m.group(1) : null;
    }

    /** {@return whether an AWS service answered: an {@code AwsServiceException} was found in the chain} */
    public boolean isAwsError() {
        return transport == Transport.AWS_ERROR;
    }

    /** {@return the comparable {@link #base(String) base} of {@link #code()}; empty when there is no code} */
    public String codeBase() {
        return base(code);
    }

    @Override
    public String toString() {
        return "AwsFailure{transport=" + transport + ", service=" + service + ", code=" + code + ", status=" + status
                + ", requestId=" + requestId + "}";
    }
}
