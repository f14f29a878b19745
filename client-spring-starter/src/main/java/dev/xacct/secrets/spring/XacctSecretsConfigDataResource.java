package dev.xacct.secrets.spring;

import dev.xacct.secrets.InvalidSecretRefException;
import dev.xacct.secrets.SecretRef;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataResource;

/**
 * One secret to import, parsed from {@code [optional:]xacct-secrets:SECRET[?OPTION=VALUE[&OPTION=VALUE]]}, where
 * {@code SECRET} is the secret's ARN (a full ARN, or a partial one without the 6-character suffix) and the options are:
 * <ul>
 *   <li>{@code prefix=NAME}: the secret is a JSON object, flattened into properties under {@code NAME.}
 *       ({@code {"db":{"hosts":["a"]}}} with {@code prefix=app} gives {@code app.db.hosts[0]=a});</li>
 *   <li>{@code property=NAME}: the whole value, whatever its form, is bound to the one property {@code NAME}
 *       (a binary secret as Base64).</li>
 * </ul>
 * Without options, the secret must be a JSON object and its keys are the property names. Secret names cannot contain
 * {@code ?}, so the first {@code ?} starts the options.
 */
public final class XacctSecretsConfigDataResource extends ConfigDataResource {

    private static final String PREFIX_OPTION = "prefix";
    private static final String PROPERTY_OPTION = "property";

    private final String location;
    private final SecretRef secret;
    private final @Nullable String prefix;
    private final @Nullable String property;
    private final boolean optional;

    private XacctSecretsConfigDataResource(
            String location, SecretRef secret, @Nullable String prefix, @Nullable String property, boolean optional) {
        super(optional);
        this.location = location;
        this.secret = secret;
        this.prefix = prefix;
        this.property = property;
        this.optional = optional;
    }

    /**
     * Parses an import.
     *
     * @throws InvalidSecretImportException naming what is wrong with it
     */
    static XacctSecretsConfigDataResource parse(ConfigDataLocation location) {
        String written = location.toString();
        String value = location.getNonPrefixedValue(XacctSecretsConfigDataLocationResolver.PREFIX)
                .strip();
        int query = value.indexOf('?');
        String ref = query < 0 ? value : value.substring(0, query);
        SecretRef secret;
        try {
            secret = SecretRef.parse(ref);
        } catch (InvalidSecretRefException e) {
            throw new InvalidSecretImportException(written, e.getMessage(), null);
        }
        if (!secret.hasOwner()) {
            throw new InvalidSecretImportException(
                    written,
                    "'" + ref + "' is a bare secret name; give the secret's "
                            + "ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME), which names the account that owns it",
                    null);
        }
        String prefix = null;
        String property = null;
        if (query >= 0) {
            for (String option : value.substring(query + 1).split("&", -1)) {
                int equals = option.indexOf('=');
                String name = equals < 0 ? option : option.substring(0, equals);
                String optionValue =
                        equals < 0 ? "" : option.substring(equals + 1).strip();
                if (optionValue.isEmpty() || optionValue.chars().anyMatch(Character::isWhitespace)) {
                    throw new InvalidSecretImportException(
                            written,
                            "option '" + option + "' needs a value without "
                                    + "spaces, such as prefix=app.db or property=spring.datasource.password",
                            null);
                }
                switch (name) {
                    case PREFIX_OPTION -> prefix = optionValue;
                    case PROPERTY_OPTION -> property = optionValue;
                    default ->
                        throw new InvalidSecretImportException(
                                written,
                                "unknown option '" + name
                                        + "'; the options are prefix=NAME (flatten a JSON secret under NAME) and property=NAME "
                                        + "(bind the whole value to NAME)",
                                null);
                }
            }
        }
        if (prefix != null && property != null) {
            throw new InvalidSecretImportException(
                    written,
                    "give either prefix= (a JSON secret, flattened under the "
                            + "prefix) or property= (the whole value as one property), not both",
                    null);
        }
        return new XacctSecretsConfigDataResource(written, secret, prefix, property, location.isOptional());
    }

    /** {@return the secret} */
    public SecretRef getSecret() {
        return secret;
    }

    /** {@return the prefix of the flattened properties, or {@code null}} */
    public @Nullable String getPrefix() {
        return prefix;
    }

    /** {@return the one property the whole value is bound to, or {@code null}} */
    public @Nullable String getProperty() {
        return property;
    }

    /** Whether the import may fail without failing startup ({@code optional:}). */
    boolean optional() {
        return optional;
    }

    /** The import as written. */
    String location() {
        return location;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XacctSecretsConfigDataResource other
                && secret.equals(other.secret)
                && Objects.equals(prefix, other.prefix)
                && Objects.equals(property, other.property)
                && optional == other.optional;
    }

    @Override
    public int hashCode() {
        return Objects.hash(secret, prefix, property, optional);
    }

    @Override
    public String toString() {
        return location;
    }
}
