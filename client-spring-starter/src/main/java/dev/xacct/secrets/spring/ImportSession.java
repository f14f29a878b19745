package dev.xacct.secrets.spring;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.SecretValue;
import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsClientBuilder;
import dev.xacct.secrets.XacctSecretsListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * The {@code xacct-secrets:} imports of one application run and the client that reads them.
 *
 * <p>Spring Boot meets an import while it is still reading the configuration: profile-specific files, profile groups
 * and imports declared further down are not known yet. So the loader only records each import (an empty
 * {@link ImportedSecretPropertySource}); once the environment is complete, {@link ImportActivator} binds the
 * {@code xacct.secrets.*} settings from it, exactly as the application's client bean will see them, builds the client
 * and reads every import. A secret that cannot be read fails startup (an {@code optional:} one is skipped).
 *
 * <p>The client then stays open for the life of the application: the imported properties are read through its
 * cache, so that a rotated value reaches the {@code Environment}. It is closed with the application context.
 */
final class ImportSession {

    private static final Logger log = LoggerFactory.getLogger(ImportSession.class);

    private final List<ImportedSecretPropertySource> sources = new CopyOnWriteArrayList<>();
    private final ImportedSecrets imports = new ImportedSecrets();
    private final ForwardingListener listener = new ForwardingListener();
    private final Map<String, DiagnosisCode> reportedFailures = new ConcurrentHashMap<>();
    private @Nullable ConfigurableEnvironment environment;
    private @Nullable Map<String, Object> settings;
    private @Nullable XacctSecretsClient client;
    private boolean ownsClient;
    private volatile boolean open;
    private boolean activated;

    /** Records one import; its property source stays empty until {@link #activate}. */
    ImportedSecretPropertySource add(XacctSecretsConfigDataResource resource) {
        ImportedSecretPropertySource source = new ImportedSecretPropertySource(resource, this);
        sources.add(source);
        return source;
    }

    /** Every session activated in an environment, until closed: to close the ones a refresh replaced. */
    private static final List<ImportSession> OPEN = new CopyOnWriteArrayList<>();

    /** The sessions activated in {@code environment} whose sources are no longer in it, but in {@code current}. */
    static List<ImportSession> replacedIn(ConfigurableEnvironment environment, List<ImportSession> current) {
        return OPEN.stream()
                .filter(session -> session.belongsTo(environment) && !current.contains(session))
                .toList();
    }

    /** The sessions whose imports are in {@code environment} (normally one). */
    static List<ImportSession> in(ConfigurableEnvironment environment) {
        return environment.getPropertySources().stream()
                .filter(ImportedSecretPropertySource.class::isInstance)
                .map(source -> ((ImportedSecretPropertySource) source).session())
                .distinct()
                .toList();
    }

    /**
     * Reads every import with the settings of the complete {@code environment}.
     *
     * @param event the prepared-environment event, for a client or customizer in the bootstrap registry; or
     *     {@code null} (a refresh of Spring Cloud Context: no bootstrap registry)
     * @throws SecretAccessException if a non-optional import cannot be read
     * @throws InvalidSecretImportException if a value does not fit its import
     * @throws ImportSettingsException if a secret holds {@code xacct.secrets.*} settings
     */
    synchronized void activate(ConfigurableEnvironment environment, @Nullable Object event) {
        if (activated) {
            return;
        }
        activated = true;
        this.environment = environment;
        XacctSecretsProperties properties = Binder.get(environment)
                .bindOrCreate(XacctSecretsProperties.CONFIG_PREFIX, XacctSecretsProperties.class);
        if (!properties.isEnabled()) {
            log.info("Not importing {}: {}.enabled is false", sources, XacctSecretsProperties.CONFIG_PREFIX);
            return;
        }
        XacctSecretsClient registered =
                event == null ? null : SpringBootLine.fromBootstrap(event, XacctSecretsClient.class);
        if (registered != null) {
            client = registered;
        } else {
            settings = XacctSecretsClients.settings(properties);
            client = importClient(properties, event);
            ownsClient = true;
        }
        open = true;
        OPEN.add(this);
        for (ImportedSecretPropertySource source : sources) {
            read(source);
        }
    }

    private XacctSecretsClient importClient(XacctSecretsProperties properties, @Nullable Object event) {
        XacctSecretsClientBuilder builder =
                XacctSecretsClients.builder(properties).addListener(listener);
        // Listed in META-INF/spring.factories (the same on every Spring Boot line), then one in the bootstrap registry.
        SpringFactoriesLoader.loadFactories(XacctSecretsClientCustomizer.class, ImportSession.class.getClassLoader())
                .forEach(customizer -> customizer.customize(builder));
        XacctSecretsClientCustomizer bootstrap =
                event == null ? null : SpringBootLine.fromBootstrap(event, XacctSecretsClientCustomizer.class);
        if (bootstrap != null) {
            bootstrap.customize(builder);
        }
        return builder.build();
    }

    private void read(ImportedSecretPropertySource source) {
        XacctSecretsConfigDataResource resource = source.resource();
        SecretValue value;
        try {
            value = client().get(resource.getSecret());
        } catch (SecretAccessException e) {
            imports.add(resource.getSecret(), e.code(), resource.optional());
            if (resource.optional()) {
                log.warn(
                        "Skipped optional import {}: {}: {}",
                        resource,
                        e.code(),
                        e.diagnosis().summary());
                source.skip();
                return;
            }
            close();
            throw e;
        }
        try {
            source.load(value);
        } catch (InvalidSecretImportException e) {
            close();
            throw e;
        }
        imports.add(resource.getSecret(), DiagnosisCode.OK, resource.optional());
        String[] names = source.getPropertyNames();
        for (String name : names) {
            if (name.startsWith(XacctSecretsProperties.CONFIG_PREFIX + ".")) {
                close();
                throw ImportSettingsException.inSecret(name, resource.toString());
            }
        }
        log.debug("Imported {} as {}", resource, List.of(names));
    }

    /**
     * Fails when the application's settings differ from the ones the imports were read with: a setting in a source
     * that appears only once the context starts (a {@code @PropertySource}), which the imports could not see.
     *
     * @throws ImportSettingsException naming the first setting that differs
     */
    void requireSameSettings(XacctSecretsProperties application) {
        if (settings == null) {
            return;
        }
        Map<String, Object> applicationSettings = XacctSecretsClients.settings(application);
        for (Map.Entry<String, Object> setting : applicationSettings.entrySet()) {
            if (!Objects.equals(setting.getValue(), settings.get(setting.getKey()))) {
                throw ImportSettingsException.notVisibleAtImport(setting.getKey());
            }
        }
    }

    /** A read through the cache failed after startup: the source keeps its last value; said once per code. */
    void readFailed(XacctSecretsConfigDataResource resource, SecretAccessException e) {
        if (reportedFailures.put(resource.toString(), e.code()) != e.code()) {
            log.warn(
                    "Keeping the last value of {}: it cannot be read any more: {}: {}",
                    resource,
                    e.code(),
                    e.diagnosis().summary());
        }
    }

    /** A rotated value does not fit its import (no longer JSON, say): the source keeps its last value. */
    void rotatedValueUnusable(XacctSecretsConfigDataResource resource, InvalidSecretImportException e) {
        if (reportedFailures.put(resource.toString(), DiagnosisCode.OK) != DiagnosisCode.OK) {
            log.warn("Keeping the last value of {}: {}", resource, e.getMessage());
        }
    }

    List<ImportedSecretPropertySource> sources() {
        return List.copyOf(sources);
    }

    ImportedSecrets imports() {
        return imports;
    }

    boolean isOpen() {
        return open;
    }

    XacctSecretsClient client() {
        return Objects.requireNonNull(client, "an import is read only once its session is activated");
    }

    boolean belongsTo(ConfigurableEnvironment environment) {
        return this.environment == environment;
    }

    /** Tells {@code target} of the import client's reads, failures and background refreshes from now on. */
    void attach(XacctSecretsListener target) {
        listener.targets.addIfAbsent(target);
    }

    /** Closes the client if it was built here. */
    synchronized void close() {
        open = false;
        OPEN.remove(this);
        if (client != null && ownsClient) {
            client.close();
        }
    }

    /** The import client's listener: beans that exist only later (the health's outcomes) attach to it. */
    private static final class ForwardingListener implements XacctSecretsListener {

        private final CopyOnWriteArrayList<XacctSecretsListener> targets = new CopyOnWriteArrayList<>();

        @Override
        public void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {
            targets.forEach(target -> target.fetched(secret, code, duration));
        }

        @Override
        public void roleAssumed(String roleArn, DiagnosisCode code, Duration duration) {
            targets.forEach(target -> target.roleAssumed(roleArn, code, duration));
        }

        @Override
        public void refreshFailed(SecretRef secret, Diagnosis diagnosis) {
            targets.forEach(target -> target.refreshFailed(secret, diagnosis));
        }
    }
}
