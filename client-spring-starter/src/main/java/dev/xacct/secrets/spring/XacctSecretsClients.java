package dev.xacct.secrets.spring;

import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsClientBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Turns the {@code xacct.secrets.*} properties into a client builder; shared by the import client and the bean. */
final class XacctSecretsClients {

    private XacctSecretsClients() {}

    /**
     * A builder with every property applied; unset optional ones keep the builder's defaults. The builder checks each
     * value and says what is wrong with it.
     */
    static XacctSecretsClientBuilder builder(XacctSecretsProperties properties) {
        XacctSecretsClientBuilder builder = XacctSecretsClient.builder();
        String region = blankToNull(properties.getRegion());
        if (region != null) {
            builder.region(region);
        }
        String roleArn = blankToNull(properties.getRoleArn());
        if (roleArn != null) {
            builder.roleArn(roleArn);
        }
        String externalId = blankToNull(properties.getExternalId());
        if (externalId != null) {
            builder.externalId(externalId);
        }
        if (hasText(properties.getSessionName())) {
            builder.sessionName(properties.getSessionName());
        }
        builder.sessionDuration(properties.getSessionDuration())
                .sessionRefreshBefore(properties.getSessionRefreshBefore());
        if (properties.getEndpoint() != null) {
            builder.endpointOverride(properties.getEndpoint());
        }
        String kmsKeyArn = blankToNull(properties.getKmsKeyArn());
        if (kmsKeyArn != null) {
            builder.kmsKeyArn(kmsKeyArn);
        }
        String expectedOwnerAccount = blankToNull(properties.getExpectedOwnerAccount());
        if (expectedOwnerAccount != null) {
            builder.expectedOwnerAccount(expectedOwnerAccount);
        }
        builder.preloadConcurrency(properties.getPreloadConcurrency());
        XacctSecretsProperties.Cache cache = properties.getCache();
        return builder.refreshAfter(cache.getRefreshAfter())
                .refreshJitter(cache.getRefreshJitter())
                .maxStaleness(cache.getMaxStaleness())
                .serveStaleOnAccessError(cache.isServeStaleOnAccessError())
                .failureBackoff(cache.getFailureBackoff())
                .maxBackoff(cache.getMaxBackoff())
                .maximumSize(cache.getMaximumSize());
    }

    /**
     * The settings that change how a secret is read, by property name: the import client and the application's
     * client must agree on them.
     */
    static Map<String, Object> settings(XacctSecretsProperties properties) {
        Map<String, Object> settings = new LinkedHashMap<>();
        String prefix = XacctSecretsProperties.CONFIG_PREFIX + ".";
        settings.put(prefix + "region", blankToNull(properties.getRegion()));
        settings.put(prefix + "role-arn", blankToNull(properties.getRoleArn()));
        settings.put(prefix + "external-id", blankToNull(properties.getExternalId()));
        settings.put(prefix + "session-name", blankToNull(properties.getSessionName()));
        settings.put(prefix + "endpoint", properties.getEndpoint());
        settings.put(prefix + "kms-key-arn", blankToNull(properties.getKmsKeyArn()));
        settings.put(prefix + "expected-owner-account", blankToNull(properties.getExpectedOwnerAccount()));
        return settings;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return hasText(value) ? value : null;
    }

    private static boolean hasText(@Nullable String value) {
        return value != null && !value.isBlank();
    }
}
