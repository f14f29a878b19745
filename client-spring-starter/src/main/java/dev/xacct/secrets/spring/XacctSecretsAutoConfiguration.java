package dev.xacct.secrets.spring;

import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsClientBuilder;
import dev.xacct.secrets.XacctSecretsListener;
import dev.xacct.secrets.micrometer.XacctSecretsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link XacctSecretsClient} bean from the {@code xacct.secrets.*} properties, with:
 * <ul>
 *   <li>{@link XacctSecretsClientCustomizer} beans applied in order, and {@link XacctSecretsListener} beans told of
 *       every read;</li>
 *   <li>metrics in the application's Micrometer {@code MeterRegistry}, when there is one
 *       ({@code xacct.secrets.metrics.enabled});</li>
 *   <li>a health indicator ({@code xacctSecrets}), when Spring Boot's health support is present;</li>
 *   <li>startup verification of {@code xacct.secrets.verify.secrets} and the imported secrets
 *       ({@code xacct.secrets.verify.on-startup});</li>
 *   <li>rotation: a changed imported secret is published ({@link XacctSecretsChangedEvent}), rebinds
 *       {@code @ConfigurationProperties} and {@code @RefreshScope} beans with Spring Cloud Context, and gives a
 *       HikariCP pool its new credentials.</li>
 * </ul>
 * Every bean backs off when the application defines its own. Off with {@code xacct.secrets.enabled=false}.
 */
// After the meter registry is made: Spring Boot 4's auto-configurations, then Spring Boot 3.5's.
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass(XacctSecretsClient.class)
@ConditionalOnBooleanProperty(name = XacctSecretsProperties.CONFIG_PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(XacctSecretsProperties.class)
public class XacctSecretsAutoConfiguration {

    /**
     * The last read outcome per secret, seeded with the imports' outcomes.
     *
     * @param imports the imports' outcomes, when there were imports
     * @return the outcomes
     */
    @Bean
    @ConditionalOnMissingBean
    XacctSecretsReadOutcomes xacctSecretsReadOutcomes(
            ObjectProvider<ImportedSecrets> imports, ConfigurableEnvironment environment) {
        XacctSecretsReadOutcomes outcomes = new XacctSecretsReadOutcomes();
        imports.ifAvailable(outcomes::seed);
        // The import client keeps reading (rotation): its failures reach the health too.
        ImportSession.in(environment).forEach(session -> session.attach(outcomes));
        return outcomes;
    }

    /**
     * The imports' outcomes, for verification and health; fails startup if the application's settings differ from
     * the ones the imports were read with.
     *
     * @param environment the environment, with the imports' property sources
     * @param properties the application's settings
     * @return the imports
     */
    @Bean(name = ImportedSecrets.BEAN_NAME)
    @ConditionalOnMissingBean(name = ImportedSecrets.BEAN_NAME)
    ImportedSecrets xacctSecretsImports(ConfigurableEnvironment environment, XacctSecretsProperties properties) {
        ImportedSecrets all = new ImportedSecrets();
        for (ImportSession session : ImportSession.in(environment)) {
            session.requireSameSettings(properties);
            session.imports().all().forEach(i -> all.add(i.secret(), i.code(), i.optional()));
        }
        return all;
    }

    /**
     * Publishes a change of an imported secret to the application.
     *
     * @param environment the environment, with the imports' property sources
     * @param properties the settings
     * @param publisher where events go
     * @return the rotation checker
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(
            name = XacctSecretsProperties.CONFIG_PREFIX + ".rotation.enabled",
            matchIfMissing = true)
    XacctSecretsRotation xacctSecretsRotation(
            ConfigurableEnvironment environment,
            XacctSecretsProperties properties,
            ApplicationEventPublisher publisher) {
        return new XacctSecretsRotation(
                environment, publisher, properties.getRotation().getCheckInterval());
    }

    /**
     * The client: the properties applied, then the customizers in order; every listener bean is told of reads.
     * Closed with the context.
     *
     * @param properties the properties
     * @param customizers the customizer beans
     * @param listeners the listener beans, the read outcomes among them
     * @return the client
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    XacctSecretsClient xacctSecretsClient(
            XacctSecretsProperties properties,
            ObjectProvider<XacctSecretsClientCustomizer> customizers,
            ObjectProvider<XacctSecretsListener> listeners) {
        XacctSecretsClientBuilder builder = XacctSecretsClients.builder(properties);
        listeners.orderedStream().forEach(builder::addListener);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * Verifies the configured and imported secrets once every singleton exists.
     *
     * @param client the client
     * @param properties the properties
     * @param imports the imports' outcomes, when there were imports
     * @return the verifier
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(
            name = XacctSecretsProperties.CONFIG_PREFIX + ".verify.on-startup",
            matchIfMissing = true)
    StartupVerifier xacctSecretsStartupVerifier(
            XacctSecretsClient client, XacctSecretsProperties properties, ObjectProvider<ImportedSecrets> imports) {
        List<SecretRef> imported = imports.getIfAvailable(ImportedSecrets::new).loaded();
        return new StartupVerifier(client, properties.getVerify(), imported);
    }

    /** Metrics in the application's meter registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnBooleanProperty(
            name = XacctSecretsProperties.CONFIG_PREFIX + ".metrics.enabled",
            matchIfMissing = true)
    static class MetricsConfiguration {

        /**
         * The client's meters, bound to the application's registry here (a context without Spring Boot's metrics
         * auto-configuration binds no {@code MeterBinder}); Spring Boot binding them again changes nothing. Each
         * meter is tagged {@code client=xacctSecretsClient}.
         */
        @Bean
        @ConditionalOnMissingBean
        XacctSecretsMetrics xacctSecretsMetrics(
                XacctSecretsClient client, MeterRegistry registry, XacctSecretsProperties properties) {
            XacctSecretsMetrics metrics = new XacctSecretsMetrics(client, "xacctSecretsClient", Tags.empty());
            if (properties.getMetrics().isSecretNameTag()) {
                metrics = metrics.withSecretNameTag();
            }
            metrics.bindTo(registry);
            return metrics;
        }
    }

    /** With Spring Cloud Context: a changed secret rebinds configuration properties and the refresh scope. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.cloud.context.environment.EnvironmentChangeEvent")
    @ConditionalOnBooleanProperty(
            name = XacctSecretsProperties.CONFIG_PREFIX + ".rotation.enabled",
            matchIfMissing = true)
    static class SpringCloudConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SpringCloudRebinding xacctSecretsSpringCloudRebinding(
                ApplicationContext context, ObjectProvider<RefreshScope> refreshScope) {
            return new SpringCloudRebinding(context, refreshScope);
        }
    }

    /** With HikariCP: a changed secret with the datasource credentials reaches the pool's new connections. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
    @ConditionalOnBooleanProperty(
            name = XacctSecretsProperties.CONFIG_PREFIX + ".rotation.enabled",
            matchIfMissing = true)
    static class HikariConfiguration {

        @Bean
        @ConditionalOnMissingBean
        HikariCredentials xacctSecretsHikariCredentials(
                ObjectProvider<DataSource> dataSources, Environment environment) {
            return new HikariCredentials(dataSources, environment);
        }
    }

    /** The health indicator on Spring Boot 3.5: Actuator's own type, which Spring Boot 4 no longer has. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = Boot3HealthIndicator.INDICATOR)
    @ConditionalOnBooleanProperty(name = "management.health.xacct-secrets.enabled", matchIfMissing = true)
    static class Boot3HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "xacctSecretsHealthIndicator")
        Boot3HealthIndicator xacctSecretsHealthIndicator(XacctSecretsReadOutcomes outcomes) {
            return new Boot3HealthIndicator(outcomes);
        }
    }

    /** The health indicator on Spring Boot 4, where health is in {@code spring-boot-health}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("xacct-secrets")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "xacctSecretsHealthIndicator")
        XacctSecretsHealthIndicator xacctSecretsHealthIndicator(XacctSecretsReadOutcomes outcomes) {
            return new XacctSecretsHealthIndicator(outcomes);
        }
    }
}
