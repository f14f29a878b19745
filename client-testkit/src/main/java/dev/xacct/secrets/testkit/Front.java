package dev.xacct.secrets.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.xacct.secrets.testkit.internal.FormBody;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The one HTTP endpoint: tells the services apart (the {@code X-Amz-Target} prefix for the JSON services, the
 * signing scope and {@code Action} for the Query services), applies faults, authenticates, dispatches, answers in
 * the service's protocol, and records the request.
 */
final class Front implements HttpHandler {

    /** Bodies up to this size are read by their Content-Length; larger ones as before, to the end of the stream. */
    private static final int MAX_SIZED_BODY = 1 << 20;

    private static final ObjectWriter JSON_WRITER = Protocol.JSON.writerFor(JsonNode.class);

    private final World world;
    private final RequestLog requestLog;
    private final Faults faults;
    private final Authenticator authenticator;
    private final SecretsManagerService secretsManager;
    private final KmsService kms;
    private final StsService sts;
    private final IamService iam;

    Front(World world, RequestLog requestLog, Faults faults) {
        this.world = world;
        this.requestLog = requestLog;
        this.faults = faults;
        Authorizer authorizer = new Authorizer(world);
        this.authenticator = new Authenticator(world);
        this.secretsManager = new SecretsManagerService(world, authorizer);
        this.kms = new KmsService(world, authorizer);
        this.sts = new StsService(world, authorizer);
        this.iam = new IamService(world, authorizer);
    }

    /** A request after routing: its protocol, operation and parsed body. */
    private record Routed(
            Protocol protocol,
            String operation,
            @Nullable JsonNode json,
            @Nullable FormBody form) {}

    /** Thrown to make the server drop the connection without a response. */
    private static final class ConnectionReset extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConnectionReset() {
            super("connection reset by an injected fault", null, false, false);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange);
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            String requestId = UUID.randomUUID().toString();
            Routed routed;
            try {
                routed = route(headers, body);
            } catch (AwsError e) {
                respond(
                        exchange,
                        Protocol.SECRETS_MANAGER,
                        requestId,
                        e.status(),
                        utf8(Protocol.SECRETS_MANAGER.errorBody(e, requestId)));
                return;
            }
            Call call = null;
            int status = 200;
            String errorCode = null;
            byte[] response;
            try {
                applyFaults(routed);
                Authenticator.Authenticated auth = authenticator.authenticate(
                        routed.protocol(),
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(),
                        headers,
                        body);
                call = new Call(
                        routed.protocol(),
                        routed.operation(),
                        auth.caller(),
                        auth.region(),
                        requestId,
                        world.clock().instant());
                response = dispatch(call, routed);
            } catch (AwsError e) {
                status = e.status();
                errorCode = e.code();
                response = utf8(routed.protocol().errorBody(e, requestId));
            } catch (ConnectionReset e) {
                log(routed, call, 0, "ConnectionReset");
                throw e;
            }
            log(routed, call, status, errorCode);
            respond(exchange, routed.protocol(), requestId, status, response);
        }
    }

    /**
     * The request body. With a {@code Content-Length} and no {@code Transfer-Encoding} (what the SDK sends) it is
     * read into an array of that size: {@code readAllBytes} would first fill an 8 KB buffer and copy it, for bodies
     * of a few hundred bytes.
     */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().containsKey("Transfer-Encoding")
                ? null
                : exchange.getRequestHeaders().getFirst("Content-Length");
        int size = -1;
        try {
            size = length == null ? -1 : Integer.parseInt(length.trim());
        } catch (NumberFormatException e) {
            // read to the end, as without the header
        }
        if (size < 0 || size > MAX_SIZED_BODY) {
            return exchange.getRequestBody().readAllBytes();
        }
        return exchange.getRequestBody().readNBytes(size);
    }

    private Routed route(Map<String, List<String>> headers, byte[] body) {
        String target = Authenticator.firstHeader(headers, "x-amz-target");
        if (target != null) {
            int dot = target.indexOf('.');
            String prefix = dot < 0 ? target : target.substring(0, dot);
            String operation = target.substring(dot + 1);
            Protocol protocol = switch (prefix) {
                case "secretsmanager" -> Protocol.SECRETS_MANAGER;
                case "TrentService" -> Protocol.KMS;
                default ->
                    throw AwsError.badRequest(
                            "UnknownOperationException",
                            "The emulator serves secretsmanager.* and TrentService.*, not " + target);
            };
            try {
                JsonNode json = body.length == 0 ? Protocol.JSON.createObjectNode() : Protocol.JSON.readTree(body);
                return new Routed(protocol, operation, json, null);
            } catch (IOException e) {
                throw AwsError.badRequest(
                        "SerializationException", "Start of structure or map found where not " + "expected.");
            }
        }
        FormBody form = FormBody.parse(new String(body, StandardCharsets.UTF_8));
        String action = form.get("Action");
        if (action == null) {
            throw AwsError.badRequest(
                    "UnknownOperationException",
                    "No X-Amz-Target header and no Action parameter: not a request the emulator serves");
        }
        String authorization = Authenticator.firstHeader(headers, "authorization");
        boolean iam = authorization != null && authorization.contains("/iam/aws4_request");
        return new Routed(iam ? Protocol.IAM : Protocol.STS, action, null, form);
    }

    private void applyFaults(Routed routed) {
        for (Fault fault : faults.due(routed.operation())) {
            switch (fault.kind()) {
                case LATENCY -> sleep(fault.latency());
                case THROTTLING -> throw routed.protocol().throttled();
                case INTERNAL_ERROR -> throw routed.protocol().internalError();
                case CONNECTION_RESET -> throw new ConnectionReset();
            }
        }
    }

    private byte[] dispatch(Call call, Routed routed) {
        return switch (routed.protocol()) {
            case SECRETS_MANAGER -> json(secretsManager.handle(call, Objects.requireNonNull(routed.json())));
            case KMS -> json(kms.handle(call, Objects.requireNonNull(routed.json())));
            case STS -> utf8(sts.handle(call, Objects.requireNonNull(routed.form())));
            case IAM -> utf8(iam.handle(call, Objects.requireNonNull(routed.form())));
        };
    }

    /** The response body, written straight to UTF-8 bytes by a writer that has its serializer already. */
    private static byte[] json(JsonNode body) {
        try {
            return JSON_WRITER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree no longer serializes", e);
        }
    }

    private static byte[] utf8(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private void log(Routed routed, @Nullable Call call, int status, @Nullable String errorCode) {
        String secretId = call != null
                ? call.secretId
                : routed.json() != null ? SecretsManagerService.text(routed.json(), "SecretId") : null;
        requestLog.record(new LoggedRequest(
                world.clock().instant(),
                routed.protocol().signingName(),
                routed.operation(),
                call == null ? null : call.caller.arn(),
                call == null ? null : call.region,
                secretId,
                status,
                errorCode));
    }

    private void respond(HttpExchange exchange, Protocol protocol, String requestId, int status, byte[] bytes)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", protocol.contentType());
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        // No Date header of ours: the JDK server sets one on every response, from the real clock, overwriting any
        // set here. The real time, not the world's, is what the SDK needs: it corrects a JVM-wide clock offset from
        // this header after a skew error, and a test that skews the world's clock must not skew every later test's
        // signatures (SigV4VerificationTest holds this).
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
