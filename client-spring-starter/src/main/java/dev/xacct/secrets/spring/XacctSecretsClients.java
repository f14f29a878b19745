package dev.xacct.secrets.spring;

import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsClientBuilder;

/** Turns the {@code xacct.secrets.*} properties into a client builder; shared by the import and the bean. */
final class XacctSecretsClients {

    private XacctSecretsClients() {
    }

    /**
     * A builder with every property that is set applied; unset ones keep the builder's defaults. The builder checks
     * each value and says what is wrong with it.
     */
    static XacctSecretsClientBuilder builder(XacctSecretsProperties properties) {
        XacctSecretsClientBuilder builder = XacctSecretsClient.builder();
        if (hasText(properties.getRegion())) {
            builder.region(properties.getRegion());
        }
        if (hasText(properties.getRoleArn())) {
            builder.roleArn(properties.getRoleArn());
        }
        if (hasText(properties.getExternalId())) {
            builder.externalId(properties.getExternalId());
        }
        if (hasText(properties.getSessionName())) {
            builder.sessionName(properties.getSessionName());
        }
        if (properties.getEndpoint() != null) {
            builder.endpointOverride(properties.getEndpoint());
        }
        if (hasText(properties.getKmsKeyArn())) {
            builder.kmsKeyArn(properties.getKmsKeyArn());
        }
        XacctSecretsProperties.Cache cache = properties.getCache();
        if (cache.getRefreshAfter() != null) {
            builder.refreshAfter(cache.getRefreshAfter());
        }
        if (cache.getMaxStaleness() != null) {
            builder.maxStaleness(cache.getMaxStaleness());
        }
        return builder.serveStaleOnAccessError(cache.isServeStaleOnAccessError());
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
