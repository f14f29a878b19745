package dev.xacct.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The IDE metadata the annotation processor generates: every property documented, with its default. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyHasADescription_andTheDefaultsAreStated() throws Exception {
        Map<String, JsonNode> properties = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            new ObjectMapper().readTree(in).get("properties")
                    .forEach(property -> properties.put(property.get("name").asText(), property));
        }

        assertThat(properties.keySet()).contains("xacct.secrets.enabled", "xacct.secrets.region",
                "xacct.secrets.role-arn", "xacct.secrets.external-id", "xacct.secrets.session-name",
                "xacct.secrets.endpoint", "xacct.secrets.kms-key-arn", "xacct.secrets.cache.refresh-after",
                "xacct.secrets.cache.max-staleness", "xacct.secrets.cache.serve-stale-on-access-error",
                "xacct.secrets.verify.secrets", "xacct.secrets.verify.on-startup",
                "xacct.secrets.verify.fail-on-error", "xacct.secrets.metrics.enabled",
                "xacct.secrets.metrics.secret-name-tag", "management.health.xacct-secrets.enabled");
        properties.values().forEach(property -> assertThat(property.path("description").asText())
                .as(property.get("name").asText()).isNotBlank().doesNotContain("{@"));
        assertThat(properties.get("xacct.secrets.enabled").get("defaultValue").asBoolean()).isTrue();
        assertThat(properties.get("xacct.secrets.session-name").get("defaultValue").asText())
                .isEqualTo("xacct-secrets");
        assertThat(properties.get("xacct.secrets.cache.refresh-after").get("defaultValue").asText()).isEqualTo("1h");
        assertThat(properties.get("xacct.secrets.cache.max-staleness").get("defaultValue").asText()).isEqualTo("24h");
        assertThat(properties.get("xacct.secrets.verify.fail-on-error").get("defaultValue").asBoolean()).isTrue();
        assertThat(properties.get("xacct.secrets.metrics.secret-name-tag").get("defaultValue").asBoolean())
                .isFalse();
    }
}
