package dev.xacct.secrets.spring;

import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.bootstrap.BootstrapRegistryInitializer;

/**
 * Turns SDK retries off for the client that reads imports, in every application the tests start (registered in the
 * tests' {@code META-INF/spring.factories}): the documented way to customize that client.
 */
public class NoRetriesAtImport implements BootstrapRegistryInitializer {

    @Override
    public void initialize(BootstrapRegistry registry) {
        registry.register(XacctSecretsClientCustomizer.class, BootstrapRegistry.InstanceSupplier.of(
                builder -> builder.overrideConfiguration(TestAws.noRetries())));
    }
}
