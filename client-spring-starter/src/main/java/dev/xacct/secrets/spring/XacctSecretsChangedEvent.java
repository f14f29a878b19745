package dev.xacct.secrets.spring;

import java.util.Set;
import org.springframework.context.ApplicationEvent;

/**
 * An imported secret has a new value, and the {@code Environment} already returns it. Carries the names of the
 * properties that changed, never a value. The starter reacts to it (Spring Cloud Context's rebinding, HikariCP
 * credentials); an application may too.
 */
public final class XacctSecretsChangedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    /** The import whose secret changed, as written. */
    private final String secret;
    /** The names of the properties that changed. */
    private final Set<String> keys;

    /**
     * Creates the event.
     *
     * @param source what publishes it
     * @param secret the secret's import, as written
     * @param keys the properties that changed, appeared or disappeared
     */
    public XacctSecretsChangedEvent(Object source, String secret, Set<String> keys) {
        super(source);
        this.secret = secret;
        this.keys = Set.copyOf(keys);
    }

    /** {@return the import whose secret changed, as written in {@code spring.config.import}} */
    public String getSecret() {
        return secret;
    }

    /** {@return the names of the properties that changed} */
    public Set<String> getKeys() {
        return keys;
    }

    @Override
    public String toString() {
        return "XacctSecretsChangedEvent[secret=" + secret + ", keys=" + keys + "]";
    }
}
