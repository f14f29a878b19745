package dev.xacct.secrets.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.xacct.secrets.Fix;
import java.util.List;
import java.util.Map;

/**
 * A plan as AWS CLI commands for a POSIX shell: per policy, read the current document, merge the statements into it
 * with {@code jq} (a statement already there is not added twice; nothing there is removed), and write it back; then
 * the commands, each with the region of the resource it names.
 */
public final class CliRenderer {

    /** The jq program that merges {@code $add} into the policy, keeping every statement it has. */
    static final String MERGE = ".Version //= \"2012-10-17\""
            + " | .Statement = ((.Statement // []) | if type == \"array\" then . else [.] end)"
            + " | reduce $add[] as $s (.; if any(.Statement[]; . == $s) then . else .Statement += [$s] end)";

    private CliRenderer() {}

    /**
     * Renders the plan.
     *
     * @param plan the plan (every account's fixes)
     * @return a shell script, ending with a line break
     */
    public static String render(FixPlan plan) {
        StringBuilder sh = new StringBuilder();
        sh.append("# Fixes from an xacct-secrets verify report, as AWS CLI commands (needs jq).\n");
        sh.append("# Run each block with the credentials of the account it names (AWS_PROFILE=...).\n");
        for (Fix.RunCommand command : plan.commands()) {
            sh.append('\n')
                    .append("# Account ")
                    .append(accountOf(command))
                    .append('\n')
                    .append(command.commandLine())
                    .append(regionOption(command.targetArn()))
                    .append('\n');
        }
        int n = 0;
        for (Map.Entry<PolicyTarget, List<JsonNode>> entry : plan.policies().entrySet()) {
            n++;
            policy(sh, entry.getKey(), entry.getValue(), n);
        }
        for (ReportFix fix : concat(plan.forPeople(), plan.advice())) {
            sh.append('\n')
                    .append(fix.advice() ? "# To consider, for account " : "# Left to a person of account ")
                    .append(fix.account())
                    .append(": ")
                    .append(fix.instruction().replaceAll("\\s*\\R\\s*", " "))
                    .append('\n');
        }
        for (String refused : plan.refused()) {
            sh.append('\n').append("# ").append(refused).append('\n');
        }
        return sh.toString();
    }

    private static void policy(StringBuilder sh, PolicyTarget target, List<JsonNode> statements, int n) {
        String current = "policy-" + n + ".json";
        String merged = "merged-" + n + ".json";
        String region = regionOption(target.arn());
        String arn = target.arn();
        String name = target.principalName();
        sh.append('\n')
                .append("# Account ")
                .append(target.account())
                .append(": ")
                .append(target.describe())
                .append('\n')
                .append(target.kind() == PolicyTarget.Kind.TRUST_POLICY ? TerraformRenderer.TRUST_CAVEAT : "");
        sh.append(
                        switch (target.kind()) {
                            case SECRET_RESOURCE_POLICY ->
                                "aws secretsmanager get-resource-policy --secret-id " + arn + region
                                        + " --query ResourcePolicy --output text | sed 's/^None$/{}/' > " + current;
                            case KEY_POLICY ->
                                "aws kms get-key-policy --key-id " + arn + region
                                        + " --policy-name default --query Policy --output text > " + current;
                            case TRUST_POLICY ->
                                "aws iam get-role --role-name " + name
                                        + " --query Role.AssumeRolePolicyDocument --output json > " + current;
                            case IDENTITY_POLICY ->
                                "aws iam get-" + (target.isRole() ? "role" : "user") + "-policy --"
                                        + (target.isRole() ? "role" : "user") + "-name " + name + " --policy-name "
                                        + target.policyName()
                                        + " --query PolicyDocument --output json > " + current
                                        + " 2>/dev/null || echo '{}' > "
                                        + current;
                        })
                .append('\n');
        ArrayNode add = JsonNodeFactory.instance.arrayNode();
        statements.forEach(add::add);
        sh.append("jq --argjson add ")
                .append(shellQuote(add.toString()))
                .append(' ')
                .append(shellQuote(MERGE))
                .append(' ')
                .append(current)
                .append(" > ")
                .append(merged)
                .append('\n');
        sh.append(
                        switch (target.kind()) {
                            case SECRET_RESOURCE_POLICY ->
                                "aws secretsmanager put-resource-policy --secret-id " + arn + region
                                        + " --resource-policy file://" + merged + " --block-public-policy";
                            case KEY_POLICY ->
                                "aws kms put-key-policy --key-id " + arn + region
                                        + " --policy-name default --policy file://" + merged;
                            case TRUST_POLICY ->
                                "aws iam update-assume-role-policy --role-name " + name + " --policy-document file://"
                                        + merged;
                            case IDENTITY_POLICY ->
                                "aws iam put-" + (target.isRole() ? "role" : "user") + "-policy --"
                                        + (target.isRole() ? "role" : "user") + "-name " + name + " --policy-name "
                                        + target.policyName()
                                        + " --policy-document file://" + merged;
                        })
                .append('\n');
    }

    private static String regionOption(String arn) {
        String region = arn == null ? null : new PolicyTarget(PolicyTarget.Kind.KEY_POLICY, arn, null).region();
        return region == null ? "" : " --region " + region;
    }

    private static String accountOf(Fix.RunCommand command) {
        String arn = command.targetArn();
        String account = arn == null ? null : new PolicyTarget(PolicyTarget.Kind.KEY_POLICY, arn, null).account();
        return account == null ? "unknown" : account;
    }

    private static List<ReportFix> concat(List<ReportFix> a, List<ReportFix> b) {
        List<ReportFix> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A single-quoted shell word: {@code '} becomes {@code '\''}. */
    static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
