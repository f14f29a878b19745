package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.SigV4Verifier;
import dev.xacct.secrets.testkit.internal.SigV4Verifier.Authorization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks the SigV4 signature of a request and finds its caller, failing with the error code and HTTP status each
 * protocol uses (JSON services answer 400, the Query services 403).
 */
final class Authenticator {

    private static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final String INVALID_TOKEN = "The security token included in the request is invalid";
    private static final String EXPIRED_TOKEN = "The security token included in the request is expired";
    private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the "
            + "signature you provided. Check your AWS Secret Access Key and signing method. "
            + "Consult the service documentation for details.";

    private final World world;

    Authenticator(World world) {
        this.world = world;
    }

    /** The authenticated request: its caller and the region it was signed for. */
    record Authenticated(Caller caller, String region) {}

    Authenticated authenticate(
            Protocol protocol,
            String method,
            String path,
            String query,
            Map<String, List<String>> headers,
            byte[] body) {
        String header = firstHeader(headers, "authorization");
        if (header == null) {
            throw protocol.isJson()
                    ? AwsError.badRequest("MissingAuthenticationTokenException", "Missing Authentication Token")
                    : new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        Authorization auth = SigV4Verifier.parse(header);
        if (auth == null) {
            throw fail(
                    protocol,
                    "IncompleteSignatureException",
                    "IncompleteSignature",
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }
        Credentials.Issued issued = world.credentials().find(auth.accessKeyId()).orElse(null);
        String token = firstHeader(headers, "x-amz-security-token");
        if (issued == null
                || (issued.key().sessionToken() != null
                        && !issued.key().sessionToken().equals(token))) {
            throw fail(
                    protocol,
                    "UnrecognizedClientException",
                    "InvalidClientTokenId",
                    protocol.isJson() ? INVALID_TOKEN + "." : INVALID_TOKEN);
        }
        Instant now = world.clock().instant();
        if (issued.expiration() != null && !now.isBefore(issued.expiration())) {
            throw fail(protocol, "ExpiredTokenException", "ExpiredToken", EXPIRED_TOKEN);
        }
        Instant signedAt = SigV4Verifier.parseAmzDate(firstHeader(headers, "x-amz-date"));
        if (signedAt == null) {
            throw fail(
                    protocol,
                    "IncompleteSignatureException",
                    "IncompleteSignature",
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        checkSkew(protocol, signedAt, now);
        if (!auth.service().equals(protocol.signingName())) {
            throw fail(
                    protocol,
                    "InvalidSignatureException",
                    "SignatureDoesNotMatch",
                    "Credential should be scoped to correct service: '" + protocol.signingName() + "'. ");
        }
        if (!SigV4Verifier.verify(
                auth,
                method,
                path,
                query,
                headers,
                body,
                signedAt,
                issued.key().secretAccessKey(),
                issued.key().sessionToken())) {
            throw fail(protocol, "InvalidSignatureException", "SignatureDoesNotMatch", SIGNATURE_MISMATCH);
        }
        return new Authenticated(issued.caller(), auth.region());
    }

    private static void checkSkew(Protocol protocol, Instant signedAt, Instant now) {
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            String signed = SigV4Verifier.AMZ_DATE.format(signedAt);
            throw fail(
                    protocol,
                    "InvalidSignatureException",
                    "SignatureDoesNotMatch",
                    "Signature expired: " + signed
                            + " is now earlier than " + SigV4Verifier.AMZ_DATE.format(now.minus(MAX_SKEW)) + " ("
                            + SigV4Verifier.AMZ_DATE.format(now) + " - 5 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            String signed = SigV4Verifier.AMZ_DATE.format(signedAt);
            throw fail(
                    protocol,
                    "InvalidSignatureException",
                    "SignatureDoesNotMatch",
                    "Signature not yet current: "
                            + signed + " is still later than " + SigV4Verifier.AMZ_DATE.format(now.plus(MAX_SKEW))
                            + " ("
                            + SigV4Verifier.AMZ_DATE.format(now) + " + 5 min.)");
        }
    }

    private static AwsError fail(Protocol protocol, String jsonCode, String queryCode, String message) {
        return protocol.isJson() ? AwsError.badRequest(jsonCode, message) : new AwsError(403, queryCode, message);
    }

    static @Nullable String firstHeader(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
