/**
 * The {@code xacct-secrets} command line: {@code verify} reads a secret across accounts and prints a diagnosis, {@code fix} applies the policy changes a diagnosis names, {@code emulator} serves a demo world. The entry point is {@link dev.xacct.secrets.cli.Main}.
 *
 * <p>Every type here is null-marked: a parameter, return value or field is never null unless it is marked
 * {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.xacct.secrets.cli;

import org.jspecify.annotations.NullMarked;
