package dev.xacct.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xacct.secrets.internal.Quoted;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One version of a secret as read from Secrets Manager: its full ARN, name, version id and labels, and its value, a
 * string or bytes. A string value that is a JSON object can be read as a map or field by field.
 *
 * <p>Immutable. {@link #toString()} never shows the value.
 */
public final class SecretValue {

    /**
     * Made on the first JSON use, not when the class loads: an {@code ObjectMapper} loads some 280 classes, which a
     * cold start reading a plain string (a Lambda function's first read) should not pay for.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final String arn;
    private final String name;
    private final @Nullable String versionId;
    private final List<String> versionStages;
    private final @Nullable Instant createdDate;
    /** Exactly one of {@code string} and {@code binary} is set. */
    private final @Nullable String string;

    private final byte @Nullable [] binary;
    /** The parsed JSON object, {@code null} until the first JSON use. */
    private volatile @Nullable Map<String, Object> json;

    /**
     * A string value of the secret {@code arn} (its name taken from the ARN; no version), as for a test.
     *
     * @param arn the secret's full ARN
     * @param value the string
     * @return the value
     * @throws NullPointerException if either is {@code null}
     */
    public static SecretValue ofString(String arn, String value) {
        return new SecretValue(arn, nameOf(arn), null, null, null, Objects.requireNonNull(value, "value"), null);
    }

    /**
     * A binary value of the secret {@code arn} (its name taken from the ARN; no version), as for a test.
     *
     * @param arn the secret's full ARN
     * @param value the bytes (copied)
     * @return the value
     * @throws NullPointerException if either is {@code null}
     */
    public static SecretValue ofBinary(String arn, byte[] value) {
        return new SecretValue(arn, nameOf(arn), null, null, null, null, Objects.requireNonNull(value, "value"));
    }

    /**
     * This value with the version that holds it.
     *
     * @param versionId the version id, or {@code null}
     * @param versionStages its labels ({@code AWSCURRENT}...), or {@code null} for none
     * @param createdDate when the version was made, or {@code null}
     * @return a copy with the version
     */
    public SecretValue withVersion(
            @Nullable String versionId, @Nullable List<String> versionStages, @Nullable Instant createdDate) {
        return new SecretValue(arn, name, versionId, versionStages, createdDate, string, binary);
    }

    /** The name in a secret ARN: the resource after {@code secret:}, less the six-character suffix AWS adds. */
    private static String nameOf(String arn) {
        Objects.requireNonNull(arn, "arn");
        int at = arn.indexOf(":secret:");
        String resource = at < 0 ? arn : arn.substring(at + ":secret:".length());
        return resource.length() > 7 && resource.charAt(resource.length() - 7) == '-'
                ? resource.substring(0, resource.length() - 7)
                : resource;
    }

    private SecretValue(
            String arn,
            String name,
            @Nullable String versionId,
            @Nullable List<String> versionStages,
            @Nullable Instant createdDate,
            @Nullable String string,
            byte @Nullable [] binary) {
        if ((string == null) == (binary == null)) {
            throw new IllegalArgumentException("a secret value is a string or bytes: give exactly one");
        }
        this.arn = Objects.requireNonNull(arn, "arn");
        this.name = name;
        this.versionId = versionId;
        this.versionStages = versionStages == null ? List.of() : List.copyOf(versionStages);
        this.createdDate = createdDate;
        this.string = string;
        this.binary = binary == null ? null : binary.clone();
    }

    /**
     * The full ARN of the secret.
     *
     * @return the full ARN of the secret
     */
    public String arn() {
        return arn;
    }

    /**
     * The secret name.
     *
     * @return the secret name
     */
    public String name() {
        return name;
    }

    /**
     * The version id.
     *
     * @return the version id, or {@code null} for a value made without one ({@link #ofString})
     */
    public @Nullable String versionId() {
        return versionId;
    }

    /**
     * The staging labels of this version when it was read.
     *
     * @return the staging labels of this version when it was read
     */
    public List<String> versionStages() {
        return versionStages;
    }

    /**
     * When this version was created.
     *
     * @return when this version was created, or {@code null} if not known
     */
    public @Nullable Instant createdDate() {
        return createdDate;
    }

    /**
     * Whether the value is a string (else bytes).
     *
     * @return whether the value is a string (else bytes)
     */
    public boolean isString() {
        return string != null;
    }

    /**
     * The string value.
     *
     * @return the string value
     * @throws IllegalStateException if the secret is binary
     */
    public String asString() {
        if (string == null) {
            throw new IllegalStateException("secret " + arn + " is binary: read it with asBytes()");
        }
        return string;
    }

    /**
     * The value as bytes (a copy): the binary value, or the string in UTF-8.
     *
     * @return the value as bytes (a copy): the binary value, or the string in UTF-8
     */
    public byte[] asBytes() {
        // Exactly one is set: without bytes, the value is a string.
        return binary != null ? binary.clone() : asString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The string value parsed as a JSON object (a key/value secret such as database credentials): nested objects
     * and arrays become maps and lists. Parsed once.
     *
     * @return the string value parsed as a JSON object (a key/value secret such as database credentials): nested
     *     objects and arrays become maps and lists
     * @throws IllegalStateException if the value is not a JSON object (the message does not quote it)
     */
    public Map<String, Object> asJson() {
        Map<String, Object> parsed = json;
        if (parsed == null) {
            parsed = parseJson();
            json = parsed;
        }
        return parsed;
    }

    /**
     * One top-level field of the JSON value, as text (numbers and booleans as written).
     *
     * @param fieldName the top-level field name
     * @return one top-level field of the JSON value, as text (numbers and booleans as written)
     * @throws IllegalArgumentException if there is no such field (the message lists the field names, not values)
     * @throws IllegalStateException if the value is not a JSON object
     */
    public String field(String fieldName) {
        Object value = asJson().get(fieldName);
        if (value == null) {
            throw new IllegalArgumentException("secret " + arn + " has no field " + Quoted.of(fieldName)
                    + "; its fields are " + Quoted.of(asJson().keySet().toString()));
        }
        return value instanceof String text ? text : value.toString();
    }

    private Map<String, Object> parseJson() {
        String text = asString();
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // The parser's message quotes the input: never pass it on. A limit (such as a number of over 1,000
            // digits) has no location.
            throw new IllegalStateException("secret " + arn + " is not JSON this client reads ("
                    + (e.getLocation() == null
                            ? "it passes a parser limit: a number or name too long, or nesting too " + "deep"
                            : "at line " + e.getLocation().getLineNr() + ", column "
                                    + e.getLocation().getColumnNr())
                    + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalStateException("secret " + arn + " is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Json.MAPPER.convertValue(node, LinkedHashMap.class);
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "SecretValue[" + arn + ", version=" + versionId + ", stages=" + versionStages + ", "
                + (string != null ? "string" : "binary") + ", value=redacted]";
    }
}
