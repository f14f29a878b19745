/**
 * Reads AWS Secrets Manager secrets, including other accounts' secrets, through a cache, and says which policy in
 * which account is missing when a read fails: {@link dev.xacct.secrets.XacctSecretsClient} reads,
 * {@link dev.xacct.secrets.SecretRef} names a secret, {@link dev.xacct.secrets.SecretAccessException} carries the
 * {@link dev.xacct.secrets.Diagnosis}.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.xacct.secrets;

import org.jspecify.annotations.NullMarked;
