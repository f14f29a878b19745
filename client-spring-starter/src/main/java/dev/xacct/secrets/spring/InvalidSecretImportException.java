package dev.xacct.secrets.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.config.ConfigDataException;

/**
 * A {@code spring.config.import=xacct-secrets:...} that cannot be used as written: a malformed secret reference or
 * option, or a secret whose form does not fit the import (not a JSON object, and no {@code property=}). The message
 * names the import and the problem, never a secret value.
 */
public final class InvalidSecretImportException extends ConfigDataException {

    private static final long serialVersionUID = 1L;

    /** The import as written. */
    private final String location;

    InvalidSecretImportException(String location, @Nullable String problem, @Nullable Throwable cause) {
        super("spring.config.import '" + location + "': " + problem, cause);
        this.location = location;
    }

    /** {@return the import as written, such as {@code xacct-secrets:arn:aws:secretsmanager:...?prefix=db}} */
    public String location() {
        return location;
    }
}
