/**
 * Spring Boot auto-configuration for xacct-secrets: a configured client, {@code spring.config.import=xacct-secrets:...} property sources, startup verification with failure analyzers, health, metrics and rotation events. Configured with {@code xacct.secrets.*} ({@link dev.xacct.secrets.spring.XacctSecretsProperties}).
 *
 * <p>Every type here is null-marked: a parameter, return value or field is never null unless it is marked
 * {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.xacct.secrets.spring;

import org.jspecify.annotations.NullMarked;
