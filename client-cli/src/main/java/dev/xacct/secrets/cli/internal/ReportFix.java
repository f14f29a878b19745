package dev.xacct.secrets.cli.internal;

import dev.xacct.secrets.Fix;

/**
 * One fix of a {@code verify --format json} report, as {@code fix} reads it back.
 *
 * @param secret the secret whose read it repairs
 * @param code the diagnosis code
 * @param account the account that must act, or {@code null} when the report does not know it
 * @param instruction the sentence for a person
 * @param action the change a program can apply, or {@code null} for a person's decision
 * @param advice whether this fix, having no action, is advice beside another fix of the same secret that has one
 *     (such as "if the owner finds no secret at that ARN, configure the full ARN"), rather than the only way out
 */
public record ReportFix(
        String secret, String code, String account, String instruction, Fix.Action action, boolean advice) {}
