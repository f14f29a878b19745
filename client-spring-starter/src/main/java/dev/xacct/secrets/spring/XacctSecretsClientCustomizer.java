package dev.xacct.secrets.spring;

import dev.xacct.secrets.XacctSecretsClientBuilder;

/**
 * Changes the {@link XacctSecretsClientBuilder} after the {@code xacct.secrets.*} properties are applied and before
 * the client is built: credentials, SDK retries and timeouts, an executor, anything the properties do not cover.
 *
 * <pre>{@code
 * @Bean
 * XacctSecretsClientCustomizer fewerRetries() {
 *     return builder -> builder.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy()));
 * }
 * }</pre>
 *
 * <p>Beans of this type customize the application's client, in {@link org.springframework.core.annotation.Order}.
 * The client that reads {@code spring.config.import} secrets is built before any bean exists: to customize it, list
 * customizers in {@code META-INF/spring.factories} under {@code dev.xacct.secrets.spring.XacctSecretsClientCustomizer}
 * (the same on every Spring Boot line), or register one in the bootstrap registry with a
 * {@code BootstrapRegistryInitializer} ({@code registry.register(XacctSecretsClientCustomizer.class,
 * InstanceSupplier.of(customizer))}; the registry is in {@code org.springframework.boot.bootstrap} on Spring Boot 4,
 * in {@code org.springframework.boot} on 3.5).
 *
 * <p>Listeners are beans of type {@link dev.xacct.secrets.XacctSecretsListener}; a customizer may also call
 * {@code builder.addListener(...)}, which adds to them (the health indicator's listener stays connected).
 */
@FunctionalInterface
public interface XacctSecretsClientCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder, with the properties applied
     */
    void customize(XacctSecretsClientBuilder builder);
}
