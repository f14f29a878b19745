package dev.xacct.secrets.spring;

import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsClientBuilder;
import org.springframework.boot.bootstrap.BootstrapContext;
import org.springframework.boot.bootstrap.BootstrapContextClosedEvent;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The client that reads {@code spring.config.import} secrets, kept in the bootstrap context. It is built on first use
 * from the {@code xacct.secrets.*} properties known at import time, and closed when the bootstrap context closes: the
 * application gets its own client bean, which carries what only exists later (customizer beans, the meter registry,
 * the health listener).
 *
 * <p>An application may register its own {@link XacctSecretsClient} in the bootstrap registry; it is then used for
 * imports, and left open.
 */
final class ImportClient {

    private final XacctSecretsProperties properties;
    private final ImportedSecrets imports = new ImportedSecrets();
    private XacctSecretsClient client;
    private boolean closed;

    private ImportClient(XacctSecretsProperties properties) {
        this.properties = properties;
    }

    /** Registers the import client once per bootstrap context, with the properties {@code binder} sees now. */
    static void register(ConfigurableBootstrapContext bootstrap, Binder binder) {
        if (bootstrap.isRegistered(ImportClient.class)) {
            return;
        }
        ImportClient holder = new ImportClient(
                binder.bindOrCreate(XacctSecretsProperties.CONFIG_PREFIX, XacctSecretsProperties.class));
        bootstrap.register(ImportClient.class, InstanceSupplier.of(holder));
        bootstrap.registerIfAbsent(XacctSecretsClient.class, holder::client);
        bootstrap.addCloseListener(holder::bootstrapClosed);
    }

    XacctSecretsProperties properties() {
        return properties;
    }

    ImportedSecrets imports() {
        return imports;
    }

    private synchronized XacctSecretsClient client(BootstrapContext bootstrap) {
        if (closed) {
            throw new IllegalStateException("the client of spring.config.import is closed");
        }
        if (client == null) {
            XacctSecretsClientBuilder builder = XacctSecretsClients.builder(properties);
            XacctSecretsClientCustomizer customizer = bootstrap.getOrElse(XacctSecretsClientCustomizer.class, null);
            if (customizer != null) {
                customizer.customize(builder);
            }
            client = builder.build();
        }
        return client;
    }

    /** Closes the client if it was built here; called when startup ends, one way or the other. */
    synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private void bootstrapClosed(BootstrapContextClosedEvent event) {
        close();
        var beanFactory = event.getApplicationContext().getBeanFactory();
        if (!beanFactory.containsSingleton(ImportedSecrets.BEAN_NAME)) {
            beanFactory.registerSingleton(ImportedSecrets.BEAN_NAME, imports);
        }
    }
}
