/**
 * Micrometer metrics of an {@link dev.xacct.secrets.XacctSecretsClient}: {@link
 * dev.xacct.secrets.micrometer.XacctSecretsMetrics}, a {@code MeterBinder}. The only package that uses Micrometer
 * (an optional dependency).
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.xacct.secrets.micrometer;

import org.jspecify.annotations.NullMarked;
