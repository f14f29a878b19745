package dev.xacct.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xacct.secrets.XacctSecretsClientBuilder;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The IDE metadata the annotation processor generates: every property documented, with the client's defaults. */
class ConfigurationMetadataTest {

    private static Map<String, JsonNode> metadata() throws Exception {
        // Every jar and directory may carry one (the tests' own configuration properties too): the starter's is among
        // them.
        Map<String, JsonNode> properties = new HashMap<>();
        for (URL url : Collections.list(ConfigurationMetadataTest.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                new ObjectMapper()
                        .readTree(in)
                        .get("properties")
                        .forEach(property -> properties.put(property.get("name").asText(), property));
            }
        }
        return properties;
    }

    @Test
    void everyClientSetting_isAProperty_withADescription() throws Exception {
        Map<String, JsonNode> properties = metadata();

        assertThat(properties.keySet())
                .contains(
                        "xacct.secrets.enabled",
                        "xacct.secrets.region",
                        "xacct.secrets.role-arn",
                        "xacct.secrets.external-id",
                        "xacct.secrets.session-name",
                        "xacct.secrets.session-duration",
                        "xacct.secrets.session-refresh-before",
                        "xacct.secrets.endpoint",
                        "xacct.secrets.kms-key-arn",
                        "xacct.secrets.expected-owner-account",
                        "xacct.secrets.preload-concurrency",
                        "xacct.secrets.cache.refresh-after",
                        "xacct.secrets.cache.refresh-jitter",
                        "xacct.secrets.cache.max-staleness",
                        "xacct.secrets.cache.serve-stale-on-access-error",
                        "xacct.secrets.cache.failure-backoff",
                        "xacct.secrets.cache.max-backoff",
                        "xacct.secrets.cache.maximum-size",
                        "xacct.secrets.verify.secrets",
                        "xacct.secrets.verify.on-startup",
                        "xacct.secrets.verify.fail-on-error",
                        "xacct.secrets.metrics.enabled",
                        "xacct.secrets.metrics.secret-name-tag",
                        "xacct.secrets.rotation.enabled",
                        "xacct.secrets.rotation.check-interval",
                        "management.health.xacct-secrets.enabled");
        properties.values().stream()
                .filter(property -> property.get("name").asText().contains("xacct"))
                .forEach(property -> assertThat(property.path("description").asText())
                        .as(property.get("name").asText())
                        .isNotBlank()
                        .doesNotContain("{@"));
    }

    @Test
    void theStatedDefaults_areTheClientsOwn() throws Exception {
        Map<String, JsonNode> properties = metadata();
        Map<String, String> defaults = new HashMap<>();
        properties.forEach((name, property) -> {
            if (property.has("defaultValue") && name.startsWith("xacct.secrets.")) {
                defaults.put(name, property.get("defaultValue").asText());
            }
        });
        // What the metadata says is what an application binds when it sets nothing, and what the builder defaults to.
        XacctSecretsProperties bound = new Binder(new MapConfigurationPropertySource(defaults))
                .bindOrCreate("xacct.secrets", XacctSecretsProperties.class);
        XacctSecretsProperties unset = new XacctSecretsProperties();

        assertThat(bound.getSessionName())
                .isEqualTo(unset.getSessionName())
                .isEqualTo(XacctSecretsClientBuilder.DEFAULT_SESSION_NAME);
        assertThat(bound.getSessionDuration())
                .isEqualTo(unset.getSessionDuration())
                .isEqualTo(XacctSecretsClientBuilder.DEFAULT_SESSION_DURATION);
        assertThat(bound.getSessionRefreshBefore())
                .isEqualTo(unset.getSessionRefreshBefore())
                .isEqualTo(XacctSecretsClientBuilder.DEFAULT_SESSION_REFRESH_BEFORE);
        assertThat(bound.getPreloadConcurrency())
                .isEqualTo(unset.getPreloadConcurrency())
                .isEqualTo(XacctSecretsClientBuilder.DEFAULT_PRELOAD_CONCURRENCY);
        XacctSecretsProperties.Cache cache = bound.getCache();
        assertThat(cache.getRefreshAfter())
                .isEqualTo(unset.getCache().getRefreshAfter())
                .isEqualTo(XacctSecretsClientBuilder.DEFAULT_REFRESH_AFTER);
        assertThat(cache.getRefreshJitter())
                .isEqualTo(unset.getCache().getRefreshJitter())
                .isEqualTo(XacctSecretsClientBuilder.DEFAULT_REFRESH_JITTER);
        assertThat(cache.getMaxStaleness())
                .isEqualTo(unset.getCache().getMaxStaleness())
                .isEqualTo(XacctSecretsClientBuilder.DEFAULT_MAX_STALENESS);
        assertThat(cache.getFailureBackoff())
                .isEqualTo(unset.getCache().getFailureBackoff())
                .isEqualTo(XacctSecretsClientBuilder.DEFAULT_FAILURE_BACKOFF);
        assertThat(cache.getMaxBackoff())
                .isEqualTo(unset.getCache().getMaxBackoff())
                .isEqualTo(XacctSecretsClientBuilder.DEFAULT_MAX_BACKOFF);
        assertThat(cache.getMaximumSize())
                .isEqualTo(unset.getCache().getMaximumSize())
                .isEqualTo(XacctSecretsClientBuilder.DEFAULT_MAXIMUM_SIZE);
        assertThat(bound.getRotation().getCheckInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults)
                .containsEntry("xacct.secrets.enabled", "true")
                .containsEntry("xacct.secrets.verify.fail-on-error", "true")
                .containsEntry("xacct.secrets.metrics.secret-name-tag", "false");
    }
}
