package dev.xacct.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.xacct.secrets.SecretValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.config.ConfigDataLocation;

/** How a secret value becomes properties. */
class SecretPropertiesTest {

    private static final String ARN = "arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbC123";

    private static SecretValue string(String value) {
        return SecretValue.ofString(ARN, value).withVersion("v1", List.of("AWSCURRENT"), null);
    }

    private static XacctSecretsConfigDataResource resource(String options) {
        return XacctSecretsConfigDataResource.parse(ConfigDataLocation.of("xacct-secrets:" + ARN + options));
    }

    @Test
    void jsonObject_isFlattened_withDotsForObjectsAndIndexesForArrays() {
        SecretValue value = string("{\"a\":{\"b\":{\"c\":1}},\"list\":[\"x\",{\"y\":true}],\"n\":null,"
                + "\"spring.datasource.url\":\"jdbc:x\",\"empty\":[],\"f\":1.5}");

        assertThat(SecretProperties.of(value, resource("")))
                .containsExactly(
                        entry("a.b.c", "1"),
                        entry("list[0]", "x"),
                        entry("list[1].y", "true"),
                        entry("spring.datasource.url", "jdbc:x"),
                        entry("f", "1.5"));
    }

    @Test
    void prefix_isJoinedWithOneDot() {
        assertThat(SecretProperties.of(string("{\"user\":\"app\"}"), resource("?prefix=db")))
                .containsExactly(entry("db.user", "app"));
        assertThat(SecretProperties.of(string("{\"user\":\"app\"}"), resource("?prefix=db.")))
                .containsExactly(entry("db.user", "app"));
    }

    @Test
    void property_bindsTheWholeValue_evenJson() {
        assertThat(SecretProperties.of(string("{\"user\":\"app\"}"), resource("?property=app.json")))
                .containsExactly(entry("app.json", "{\"user\":\"app\"}"));
    }

    @Test
    void notJson_withoutProperty_saysToAddOne_withoutQuotingTheValue() {
        assertThatThrownBy(() -> SecretProperties.of(string("hunter2-secret"), resource("")))
                .isInstanceOf(InvalidSecretImportException.class)
                .hasMessageContaining("is not JSON")
                .hasMessageContaining("add ?property=NAME")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void jsonArray_withoutProperty_isNotAnObject() {
        assertThatThrownBy(() -> SecretProperties.of(string("[\"hunter2\"]"), resource("")))
                .isInstanceOf(InvalidSecretImportException.class)
                .hasMessageContaining("is not a JSON object")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void binary_withoutProperty_isRefused() {
        SecretValue binary = SecretValue.ofBinary(ARN, new byte[] {1, 2}).withVersion("v1", List.of(), null);

        assertThatThrownBy(() -> SecretProperties.of(binary, resource("")))
                .isInstanceOf(InvalidSecretImportException.class)
                .hasMessageContaining("is binary; add ?property=NAME");
        assertThat(SecretProperties.of(binary, resource("?property=k"))).containsExactly(entry("k", "AQI="));
    }
}
