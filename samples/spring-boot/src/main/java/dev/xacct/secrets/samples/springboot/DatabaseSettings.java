package dev.xacct.secrets.samples.springboot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The database credentials, bound from {@code app.db.*}: the imported secret's fields.
 *
 * @param username the database user
 * @param password the database password
 */
@ConfigurationProperties("app.db")
public record DatabaseSettings(String username, String password) {

    /** Never shows the password. */
    @Override
    public String toString() {
        // Both come from the secret: neither is shown.
        return "DatabaseSettings[username=" + (username == null ? "unset" : "redacted") + ", password="
                + (password == null ? "unset" : "redacted") + "]";
    }
}
