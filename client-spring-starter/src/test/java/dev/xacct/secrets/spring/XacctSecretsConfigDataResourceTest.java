package dev.xacct.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.config.ConfigDataLocation;

/** The import syntax: {@code [optional:]xacct-secrets:SECRET_ARN[?prefix=NAME | ?property=NAME]}. */
class XacctSecretsConfigDataResourceTest {

    private static final String ARN = "arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbC123";

    private static XacctSecretsConfigDataResource parse(String location) {
        return XacctSecretsConfigDataResource.parse(ConfigDataLocation.of(location));
    }

    @Test
    void parse_ofAnArn_givesTheSecret_andNoOptions() {
        XacctSecretsConfigDataResource resource = parse("xacct-secrets:" + ARN);

        assertThat(resource.getSecret().secretId()).isEqualTo(ARN);
        assertThat(resource.getSecret().isFullArn()).isTrue();
        assertThat(resource.getPrefix()).isNull();
        assertThat(resource.getProperty()).isNull();
        assertThat(resource.optional()).isFalse();
        assertThat(resource).hasToString("xacct-secrets:" + ARN);
    }

    @Test
    void parse_withOptional_isOptional() {
        XacctSecretsConfigDataResource resource = parse("optional:xacct-secrets:" + ARN);

        assertThat(resource.optional()).isTrue();
        assertThat(resource).hasToString("optional:xacct-secrets:" + ARN);
    }

    @Test
    void parse_withPrefixOrProperty_keepsIt() {
        assertThat(parse("xacct-secrets:" + ARN + "?prefix=app.db").getPrefix()).isEqualTo("app.db");
        assertThat(parse("xacct-secrets:" + ARN + "?property=spring.datasource.password")
                        .getProperty())
                .isEqualTo("spring.datasource.password");
    }

    @Test
    void parse_ofAPartialArn_keepsItPartial() {
        XacctSecretsConfigDataResource resource =
                parse("xacct-secrets:arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db?prefix=db");

        assertThat(resource.getSecret().isFullArn()).isFalse();
        assertThat(resource.getSecret().region()).isEqualTo("eu-west-1");
    }

    @Test
    void equalImports_areEqual_soThatSpringLoadsThemOnce() {
        assertThat(parse("xacct-secrets:" + ARN + "?prefix=a"))
                .isEqualTo(parse("xacct-secrets:" + ARN + "?prefix=a"))
                .hasSameHashCodeAs(parse("xacct-secrets:" + ARN + "?prefix=a"))
                .isNotEqualTo(parse("xacct-secrets:" + ARN + "?prefix=b"));
    }

    @Test
    void parse_withPrefixAndProperty_isRefused() {
        assertThatThrownBy(() -> parse("xacct-secrets:" + ARN + "?prefix=a&property=b"))
                .isInstanceOf(InvalidSecretImportException.class)
                .hasMessage("spring.config.import 'xacct-secrets:" + ARN + "?prefix=a&property=b': give either "
                        + "prefix= (a JSON secret, flattened under the prefix) or property= (the whole value as one "
                        + "property), not both");
    }

    @Test
    void parse_withUnknownOption_namesTheKnownOnes() {
        assertThatThrownBy(() -> parse("xacct-secrets:" + ARN + "?versionStage=AWSPREVIOUS"))
                .isInstanceOf(InvalidSecretImportException.class)
                .hasMessageContaining("unknown option 'versionStage'; the options are prefix=NAME");
    }

    @Test
    void parse_withEmptyOption_isRefused() {
        assertThatThrownBy(() -> parse("xacct-secrets:" + ARN + "?prefix="))
                .isInstanceOf(InvalidSecretImportException.class)
                .hasMessageContaining("option 'prefix=' needs a value");
    }

    @Test
    void parse_ofAnotherServicesArn_saysSo() {
        assertThatThrownBy(() -> parse("xacct-secrets:arn:aws:kms:us-east-1:111111111111:key/abc"))
                .isInstanceOf(InvalidSecretImportException.class)
                .hasMessageContaining("is a kms ARN, not a Secrets Manager secret ARN");
    }

    @Test
    void parse_ofABareName_asksForTheArn() {
        assertThatThrownBy(() -> parse("xacct-secrets:app/db"))
                .isInstanceOf(InvalidSecretImportException.class)
                .hasMessageContaining("'app/db' is a bare secret name; give the secret's ARN");
    }

    @Test
    void parse_ofNothing_isRefused() {
        assertThatThrownBy(() -> parse("xacct-secrets:"))
                .isInstanceOf(InvalidSecretImportException.class)
                .hasMessageContaining("a secret reference must be a secret ARN or name");
    }
}
