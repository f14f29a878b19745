package dev.xacct.secrets.spring;

import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretValue;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * The properties of one imported secret, read through the import client's cache: each lookup asks the client, so the
 * {@code Environment} sees a rotated value once the cache has refreshed it ({@code xacct.secrets.cache.refresh-after}).
 * A secret that can no longer be read keeps its last value (the health indicator turns DOWN with the diagnosis).
 *
 * <p>Empty until the environment is complete: the secret is read with the settings the application has (see
 * {@link ImportSession}), not with the ones known when Spring Boot met the import.
 */
final class ImportedSecretPropertySource extends EnumerablePropertySource<XacctSecretsConfigDataResource> {

    /** A value and its properties; replaced whole, so that readers never see half of a rotation. */
    private record Snapshot(@Nullable SecretValue value, Map<String, Object> properties, List<String> names) {

        static final Snapshot EMPTY = new Snapshot(null, Map.of(), List.of());
    }

    private final ImportSession session;
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile boolean skipped;
    /** The properties as the last rotation check saw them (only the checker, which is synchronized, uses it). */
    private Map<String, Object> reported = Map.of();

    ImportedSecretPropertySource(XacctSecretsConfigDataResource resource, ImportSession session) {
        super(resource.toString(), resource);
        this.session = session;
    }

    ImportSession session() {
        return session;
    }

    XacctSecretsConfigDataResource resource() {
        return getSource();
    }

    /** Reads the secret for the first time, when the environment is complete. */
    void load(SecretValue value) {
        Snapshot loaded = snapshotOf(value);
        snapshot = loaded;
        reported = loaded.properties();
    }

    /** Marks an {@code optional:} import that could not be read: it stays empty. */
    void skip() {
        skipped = true;
    }

    boolean isLoaded() {
        return snapshot.value() != null;
    }

    @Override
    public String[] getPropertyNames() {
        return current().names().toArray(String[]::new);
    }

    @Override
    public @Nullable Object getProperty(String name) {
        return current().properties().get(name);
    }

    @Override
    public boolean containsProperty(String name) {
        return current().properties().containsKey(name);
    }

    /**
     * The properties as of the client's cache. A read that fails keeps the last value: the failure reaches the health
     * indicator through the client's listener.
     */
    private Snapshot current() {
        Snapshot last = snapshot;
        if (last.value() == null || skipped || !session.isOpen()) {
            return last;
        }
        SecretValue value;
        try {
            value = session.client().get(resource().getSecret());
        } catch (SecretAccessException e) {
            session.readFailed(resource(), e);
            return last;
        } catch (IllegalStateException e) {
            // Closed under us (the application is stopping): the last value is all there is.
            return last;
        }
        if (value == last.value()
                || Objects.equals(value.versionId(), last.value().versionId())) {
            return last;
        }
        try {
            Snapshot next = snapshotOf(value);
            snapshot = next;
            return next;
        } catch (InvalidSecretImportException e) {
            session.rotatedValueUnusable(resource(), e);
            return last;
        }
    }

    private Snapshot snapshotOf(SecretValue value) {
        Map<String, Object> properties = SecretProperties.of(value, resource());
        return new Snapshot(value, properties, List.copyOf(properties.keySet()));
    }

    /**
     * The names whose value differs between the properties last reported by this method (or loaded at startup) and
     * the current ones.
     */
    Set<String> changedSinceLastCheck() {
        Snapshot now = current();
        Map<String, Object> before = reported;
        reported = now.properties();
        if (before == null || before == now.properties()) {
            return Set.of();
        }
        Set<String> changed = new HashSet<>();
        for (Map.Entry<String, Object> entry : now.properties().entrySet()) {
            if (!Objects.equals(entry.getValue(), before.get(entry.getKey()))) {
                changed.add(entry.getKey());
            }
        }
        for (String name : before.keySet()) {
            if (!now.properties().containsKey(name)) {
                changed.add(name);
            }
        }
        return changed;
    }
}
