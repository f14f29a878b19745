/**
 * An in-process AWS emulator for tests: Secrets Manager, KMS, STS and IAM policy evaluation across accounts, verifying SigV4 like AWS, so that a client is tested through the real AWS SDK over HTTP. Start with {@link dev.xacct.secrets.testkit.CrossAccountScenario} or {@link dev.xacct.secrets.testkit.EmulatorExtension}.
 *
 * <p>Every type here is null-marked: a parameter, return value or field is never null unless it is marked
 * {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.xacct.secrets.testkit;

import org.jspecify.annotations.NullMarked;
