package dev.xacct.secrets.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xacct.secrets.Fix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A plan as Terraform: per policy, a {@code data "aws_iam_policy_document"} with the statements to add, and the
 * resource it belongs to — an {@code aws_secretsmanager_secret_policy} or {@code aws_iam_role_policy} to declare, or
 * the {@code policy} of the key's {@code aws_kms_key} and the {@code assume_role_policy} of the role's
 * {@code aws_iam_role}, which the configuration already declares and which are shown as comments. Commands become
 * comments naming the attribute (or the command, where Terraform has none).
 */
public final class TerraformRenderer {

    private TerraformRenderer() {}

    /**
     * Renders the plan.
     *
     * @param plan the plan (every account's fixes)
     * @return HCL, ending with a line break
     */
    public static String render(FixPlan plan) {
        StringBuilder hcl = new StringBuilder();
        hcl.append("# Fixes from an xacct-secrets verify report, as Terraform (AWS provider).\n");
        hcl.append(
                "# Each aws_iam_policy_document holds the statements to ADD: if the resource already has a policy,\n");
        hcl.append("# keep its statements (list its current document in source_policy_documents), never replace it.\n");
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<PolicyTarget, List<JsonNode>> entry : plan.policies().entrySet()) {
            PolicyTarget target = entry.getKey();
            String name = unique(names, name(target));
            hcl.append('\n')
                    .append("# Account ")
                    .append(target.account())
                    .append(": ")
                    .append(target.describe())
                    .append('\n');
            hcl.append("data \"aws_iam_policy_document\" \"").append(name).append("\" {\n");
            for (JsonNode statement : entry.getValue()) {
                statement(hcl, statement);
            }
            hcl.append("}\n\n");
            resource(hcl, target, name);
        }
        for (Fix.RunCommand command : plan.commands()) {
            hcl.append('\n').append("# ").append(commandComment(command)).append('\n');
        }
        for (ReportFix fix : concat(plan.forPeople(), plan.advice())) {
            hcl.append('\n')
                    .append(fix.advice() ? "# To consider, for account " : "# Left to a person of account ")
                    .append(fix.account())
                    .append(": ")
                    .append(oneLine(fix.instruction()))
                    .append('\n');
        }
        for (String refused : plan.refused()) {
            hcl.append('\n').append("# ").append(refused).append('\n');
        }
        return hcl.toString();
    }

    /** What fix --apply checks in the trust policy itself, which code cannot: said where the statement goes. */
    static final String TRUST_CAVEAT = "# Not for a principal the trust policy lets in only under a Condition"
            + " (such as sts:ExternalId), nor where\n# it asks an sts:ExternalId of everyone: a statement without it"
            + " would bypass the owner's condition;\n# configure the client's external id instead.\n";

    private static void resource(StringBuilder hcl, PolicyTarget target, String name) {
        String json = "data.aws_iam_policy_document." + name + ".json";
        switch (target.kind()) {
            case SECRET_RESOURCE_POLICY ->
                hcl.append("resource \"aws_secretsmanager_secret_policy\" \"")
                        .append(name)
                        .append("\" {\n  secret_arn          = ")
                        .append(quote(target.arn()))
                        .append("\n  policy              = ")
                        .append(json)
                        .append("\n  block_public_policy = true\n}\n");
            case IDENTITY_POLICY ->
                hcl.append("resource \"")
                        .append(target.isRole() ? "aws_iam_role_policy" : "aws_iam_user_policy")
                        .append("\" \"")
                        .append(name)
                        .append("\" {\n  name   = ")
                        .append(quote(target.policyName()))
                        .append("\n  ")
                        .append(target.isRole() ? "role" : "user")
                        .append("   = ")
                        .append(quote(target.principalName()))
                        .append("\n  policy = ")
                        .append(json)
                        .append("\n}\n");
            case KEY_POLICY ->
                hcl.append("# In the aws_kms_key resource of ")
                        .append(target.arn())
                        .append(":\n#   policy = ")
                        .append(json)
                        .append('\n');
            case TRUST_POLICY ->
                hcl.append("# In the aws_iam_role resource of ")
                        .append(target.arn())
                        .append(":\n#   assume_role_policy = ")
                        .append(json)
                        .append('\n')
                        .append(TRUST_CAVEAT);
        }
    }

    private static void statement(StringBuilder hcl, JsonNode statement) {
        hcl.append("  statement {\n");
        // The attributes aligned on '=', as terraform fmt leaves them.
        Map<String, String> attributes = new LinkedHashMap<>();
        if (statement.hasNonNull("Sid")) {
            attributes.put("sid", quote(statement.get("Sid").asText()));
        }
        attributes.put("effect", quote(statement.path("Effect").asText("Allow")));
        list(attributes, "actions", statement.get("Action"));
        list(attributes, "not_actions", statement.get("NotAction"));
        list(attributes, "resources", statement.get("Resource"));
        list(attributes, "not_resources", statement.get("NotResource"));
        int width = attributes.keySet().stream().mapToInt(String::length).max().orElse(0);
        attributes.forEach((name, value) -> hcl.append("    ")
                .append(name)
                .append(" ".repeat(width - name.length()))
                .append(" = ")
                .append(value)
                .append('\n'));
        principals(hcl, "principals", statement.get("Principal"));
        principals(hcl, "not_principals", statement.get("NotPrincipal"));
        JsonNode conditions = statement.get("Condition");
        if (conditions != null && conditions.isObject()) {
            conditions
                    .properties()
                    .forEach(operator -> operator.getValue().properties().forEach(key -> {
                        hcl.append("    condition {\n      test     = ")
                                .append(quote(operator.getKey()))
                                .append("\n      variable = ")
                                .append(quote(key.getKey()))
                                .append("\n      values   = ")
                                .append(array(key.getValue()))
                                .append("\n    }\n");
                    }));
        }
        hcl.append("  }\n");
    }

    private static void list(Map<String, String> attributes, String attribute, JsonNode value) {
        if (value != null && !value.isNull()) {
            attributes.put(attribute, array(value));
        }
    }

    private static void principals(StringBuilder hcl, String block, JsonNode principal) {
        if (principal == null || principal.isNull()) {
            return;
        }
        if (principal.isTextual()) {
            // "Principal": "*" is Terraform's type "*".
            hcl.append("    ")
                    .append(block)
                    .append(" {\n      type        = \"*\"\n      identifiers = ")
                    .append(array(principal))
                    .append("\n    }\n");
            return;
        }
        principal
                .properties()
                .forEach(type -> hcl.append("    ")
                        .append(block)
                        .append(" {\n      type        = ")
                        .append(quote(type.getKey()))
                        .append("\n      identifiers = ")
                        .append(array(type.getValue()))
                        .append("\n    }\n"));
    }

    private static String array(JsonNode value) {
        List<String> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(item -> items.add(quote(item.asText())));
        } else {
            items.add(quote(value.asText()));
        }
        return "[" + String.join(", ", items) + "]";
    }

    /**
     * An HCL string: quotes and backslashes escaped, and <code>${</code> / <code>%{</code> kept literal (IAM
     * variables).
     */
    static String quote(String text) {
        return "\""
                + text.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("${", "$${")
                        .replace("%{", "%%{")
                        .replace("\n", "\\n")
                + "\"";
    }

    private static String commandComment(Fix.RunCommand command) {
        String target = command.targetArn();
        return switch (command.command().get(1) + " " + command.command().get(2)) {
            case "kms enable-key" ->
                "In the aws_kms_key resource of " + target + ": is_enabled = true" + " (or run: "
                        + command.commandLine() + ")";
            case "secretsmanager update-secret" ->
                "In the aws_secretsmanager_secret resource of " + target + ": kms_key_id as in: "
                        + command.commandLine();
            default -> "Terraform has no attribute for this; run: " + command.commandLine();
        };
    }

    private static String name(PolicyTarget target) {
        String last = target.arn()
                .substring(Math.max(target.arn().lastIndexOf('/'), target.arn().lastIndexOf(':')) + 1);
        String base = switch (target.kind()) {
            case SECRET_RESOURCE_POLICY -> "secret_policy_" + last;
            case KEY_POLICY -> "key_policy_" + last;
            case TRUST_POLICY -> "trust_policy_" + last;
            case IDENTITY_POLICY -> target.policyName();
        };
        String safe = base.replaceAll("[^A-Za-z0-9_-]", "_").toLowerCase(Locale.ROOT);
        return Character.isLetter(safe.charAt(0)) || safe.charAt(0) == '_' ? safe : "_" + safe;
    }

    private static String unique(Set<String> names, String name) {
        String candidate = name;
        for (int n = 2; !names.add(candidate); n++) {
            candidate = name + "_" + n;
        }
        return candidate;
    }

    private static List<ReportFix> concat(List<ReportFix> a, List<ReportFix> b) {
        List<ReportFix> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }
}
