package dev.xacct.secrets.testkit.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Server-side SigV4 verification. Rather than re-implement the canonical request, it rebuilds the received request
 * from exactly the headers the client signed, signs it again with the AWS SDK's own {@link AwsV4HttpSigner} at the
 * client's {@code X-Amz-Date}, and compares the signatures in constant time.
 */
public final class SigV4Verifier {

    /** The {@code X-Amz-Date} format. */
    public static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,\\s*"
                    + "SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");
    /** Headers the signer adds itself from the identity and the clock; the rest are copied as received. */
    private static final List<String> ADDED_BY_SIGNER = List.of("x-amz-date", "x-amz-security-token");

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    /**
     * The parts of an {@code Authorization} header.
     *
     * @param accessKeyId the access key id
     * @param date the scope date {@code yyyyMMdd}
     * @param region the scope region
     * @param service the scope service
     * @param signedHeaders the signed header names, lowercase
     * @param signature the hex signature
     */
    public record Authorization(
            String accessKeyId,
            String date,
            String region,
            String service,
            List<String> signedHeaders,
            String signature) {}

    private SigV4Verifier() {}

    /** Parses an {@code Authorization} header, or returns {@code null} when it is not a SigV4 header. */
    public static Authorization parse(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = AUTHORIZATION.matcher(header.trim());
        if (!m.matches()) {
            return null;
        }
        return new Authorization(
                m.group(1),
                m.group(2),
                m.group(3),
                m.group(4),
                List.of(m.group(5).toLowerCase(Locale.ROOT).split(";")),
                m.group(6));
    }

    /** Parses {@code X-Amz-Date}, or returns {@code null} when it is absent or malformed. */
    public static Instant parseAmzDate(String value) {
        if (value == null) {
            return null;
        }
        Instant plain = parsePlainAmzDate(value);
        if (plain != null) {
            return plain;
        }
        // Anything unusual (a date to clamp, 24:00, a malformed value) goes to the formatter, which decides as before.
        try {
            return Instant.from(AMZ_DATE.parse(value));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * {@code yyyyMMdd'T'HHmmss'Z'} with every field in its everyday range, parsed by hand: the formatter costs more
     * than the rest of the date handling of a request. {@code null} for anything else.
     */
    private static Instant parsePlainAmzDate(String value) {
        if (value.length() != 16 || value.charAt(8) != 'T' || value.charAt(15) != 'Z') {
            return null;
        }
        int year = digits(value, 0, 4);
        int month = digits(value, 4, 2);
        int day = digits(value, 6, 2);
        int hour = digits(value, 9, 2);
        int minute = digits(value, 11, 2);
        int second = digits(value, 13, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > 28
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second);
    }

    /** The non-negative decimal number of {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String value, int from, int count) {
        int number = 0;
        for (int i = from; i < from + count; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    /**
     * Whether {@code auth.signature} is the signature of this request under the given secret key.
     *
     * @param headers the received headers, names lowercase
     * @param requestTime the parsed {@code X-Amz-Date}
     */
    public static boolean verify(
            Authorization auth,
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> headers,
            byte[] body,
            Instant requestTime,
            String secretAccessKey,
            String sessionToken) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(URI.create("http://" + first(headers, "host") + rawPath
                        + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery)));
        for (String name : auth.signedHeaders()) {
            List<String> values = headers.get(name);
            if (values == null) {
                return false;
            }
            if (!ADDED_BY_SIGNER.contains(name)) {
                request.putHeader(name, values);
            }
        }
        boolean tokenSigned = auth.signedHeaders().contains("x-amz-security-token");
        AwsCredentialsIdentity identity = sessionToken != null && tokenSigned
                ? AwsSessionCredentialsIdentity.create(auth.accessKeyId(), secretAccessKey, sessionToken)
                : AwsCredentialsIdentity.create(auth.accessKeyId(), secretAccessKey);
        String expected = SIGNER.sign(r -> r.identity(identity)
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, auth.service())
                        .putProperty(AwsV4HttpSigner.REGION_NAME, auth.region())
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(requestTime, ZoneOffset.UTC)))
                .request()
                .firstMatchingHeader("Authorization")
                .orElse("");
        Authorization recomputed = parse(expected);
        return recomputed != null
                && recomputed.signedHeaders().equals(auth.signedHeaders())
                && MessageDigest.isEqual(
                        recomputed.signature().getBytes(StandardCharsets.US_ASCII),
                        auth.signature().getBytes(StandardCharsets.US_ASCII));
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? "localhost" : values.get(0);
    }
}
