package dev.xacct.secrets.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xacct.secrets.Fix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.arns.Arn;

/**
 * A report's fixes sorted for one account: the policy statements to merge, grouped by the policy they go into; the
 * commands to run; what is left to a person of this account; what belongs to other accounts; and what is refused.
 *
 * @param policies per policy, the statements to merge into it, in the report's order
 * @param commands the commands to run, each once, in the report's order
 * @param forPeople fixes of this account that no program can apply (removing a Deny, a configuration change)
 * @param advice fixes of this account without an action given beside one that has an action: shown, not counted as
 *     undone
 * @param others fixes for other accounts, with the account and who acts there
 * @param refused one line per fix refused (a grant to everyone, a target in another account than the fix's)
 */
public record FixPlan(
        Map<PolicyTarget, List<JsonNode>> policies,
        List<Fix.RunCommand> commands,
        List<ReportFix> forPeople,
        List<ReportFix> advice,
        List<String> others,
        List<String> refused) {

    /**
     * Sorts the fixes.
     *
     * @param fixes the report's fixes
     * @param account the acting account, or {@code null} to take every account's fixes (the code formats)
     * @return the plan
     */
    public static FixPlan of(List<ReportFix> fixes, String account) {
        Map<PolicyTarget, List<JsonNode>> policies = new LinkedHashMap<>();
        List<Fix.RunCommand> commands = new ArrayList<>();
        List<ReportFix> forPeople = new ArrayList<>();
        List<ReportFix> advice = new ArrayList<>();
        List<String> others = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (ReportFix fix : fixes) {
            PolicyTarget target = target(fix.action());
            String targetAccount = target != null ? target.account() : commandAccount(fix.action());
            if (account != null && !account.equals(fix.account())) {
                others.add("for account " + (fix.account() == null ? "unknown" : fix.account()) + " ("
                        + (target != null
                                ? target.who()
                                : fix.account() == null ? "the organization's administrators" : "its administrators")
                        + "): " + fix.instruction());
                continue;
            }
            if (fix.account() != null && targetAccount != null && !targetAccount.equals(fix.account())) {
                refused.add("refused: a fix for another account: it is given for account " + fix.account()
                        + " but changes " + (target != null ? target.describe() : "a resource") + " of account "
                        + targetAccount);
                continue;
            }
            if (fix.action() == null) {
                (fix.advice() ? advice : forPeople).add(fix);
            } else if (fix.action() instanceof Fix.RunCommand run) {
                if (!commands.contains(run)) {
                    commands.add(run);
                }
            } else {
                List<JsonNode> statements =
                        PolicyDocuments.statementsOf(PolicyDocuments.parse(statementOf(fix.action())));
                for (JsonNode statement : statements) {
                    if (PolicyDocuments.grantsEveryone(statement)) {
                        refused.add("refused: the statement for " + target.describe() + " would grant access to "
                                + "everyone (Principal \"*\" without a condition)");
                    } else {
                        policies.computeIfAbsent(target, t -> new ArrayList<>()).add(statement);
                    }
                }
            }
        }
        return new FixPlan(
                policies,
                List.copyOf(commands),
                List.copyOf(forPeople),
                List.copyOf(advice),
                List.copyOf(others),
                List.copyOf(refused));
    }

    /** The policy a merge or attach action writes, or {@code null} for a command or no action. */
    static PolicyTarget target(Fix.Action action) {
        if (action instanceof Fix.MergeStatement merge) {
            PolicyTarget.Kind kind = switch (merge.policy()) {
                case SECRET_RESOURCE_POLICY -> PolicyTarget.Kind.SECRET_RESOURCE_POLICY;
                case KEY_POLICY -> PolicyTarget.Kind.KEY_POLICY;
                default -> PolicyTarget.Kind.TRUST_POLICY;
            };
            return new PolicyTarget(kind, merge.targetArn(), null);
        }
        if (action instanceof Fix.AttachIdentityPolicy attach) {
            return new PolicyTarget(PolicyTarget.Kind.IDENTITY_POLICY, attach.principalArn(), attach.policyName());
        }
        return null;
    }

    private static String statementOf(Fix.Action action) {
        return action instanceof Fix.MergeStatement merge
                ? merge.statement()
                : ((Fix.AttachIdentityPolicy) action).document();
    }

    private static String commandAccount(Fix.Action action) {
        if (action instanceof Fix.RunCommand run && run.targetArn() != null) {
            try {
                return Arn.fromString(run.targetArn()).accountId().orElse(null);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * Whether there is nothing a program could do for this account.
     *
     * @return {@code true} if no policy and no command is planned
     */
    public boolean nothingToApply() {
        return policies.isEmpty() && commands.isEmpty();
    }
}
