package dev.xacct.secrets.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xacct.secrets.Fix;
import dev.xacct.secrets.PolicyKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the fixes out of the JSON that {@code verify --format json} prints. Read with Jackson against the documented
 * shape ({@code {"caller", "results": [{"secret", "code", "fixes": [{"account", "instruction", "action"}]}]}}), so
 * that a report saved by one version of the tool and applied by another fails with a message, not a stack trace.
 */
public final class ReportReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportReader() {}

    /** A report that is not the JSON of {@code verify --format json}; the message says what is wrong, on one line. */
    public static final class UnreadableReportException extends Exception {

        private static final long serialVersionUID = 1L;

        UnreadableReportException(String message) {
            super(message);
        }
    }

    /**
     * The fixes of a report, in the report's order, each action once (two secrets sharing a key ask for the same key
     * policy statement; it is applied once).
     *
     * @param json the report
     * @return the fixes
     * @throws UnreadableReportException if it is not a {@code verify} JSON report
     */
    public static List<ReportFix> read(String json) throws UnreadableReportException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UnreadableReportException("not JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject() || !root.path("results").isArray()) {
            throw new UnreadableReportException("not the JSON of 'verify --format json' (no \"results\" array)");
        }
        List<ReportFix> fixes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        int index = 0;
        for (JsonNode result : root.get("results")) {
            index++;
            String where = "result " + index;
            if (!result.isObject()) {
                throw new UnreadableReportException(where + " is not an object");
            }
            String secret = result.path("secret").asText("?");
            String code = result.path("code").asText("?");
            JsonNode list = result.path("fixes");
            if (!list.isArray()) {
                list = result.path("fix").isObject()
                        ? JSON.createArrayNode().add(result.get("fix"))
                        : JSON.createArrayNode();
            }
            boolean applicable = false;
            for (JsonNode fix : list) {
                applicable |= fix.path("action").isObject();
            }
            int n = 0;
            for (JsonNode fix : list) {
                n++;
                String fixWhere = where + " fix " + n;
                if (!fix.isObject() || !fix.path("instruction").isTextual()) {
                    throw new UnreadableReportException(fixWhere + " has no \"instruction\"");
                }
                String account = text(fix.get("account"));
                Fix.Action action = action(fix.get("action"), fixWhere);
                String key =
                        account + "|" + (action == null ? fix.get("instruction").asText() : action.toString());
                if (seen.add(key)) {
                    fixes.add(new ReportFix(
                            secret,
                            code,
                            account,
                            fix.get("instruction").asText(),
                            action,
                            action == null && applicable));
                }
            }
        }
        return fixes;
    }

    private static Fix.Action action(JsonNode action, String where) throws UnreadableReportException {
        if (action == null || action.isNull()) {
            return null;
        }
        String type = action.path("type").asText("");
        try {
            return switch (type) {
                case "merge-statement" ->
                    new Fix.MergeStatement(
                            PolicyKind.valueOf(required(action, "policy", where)),
                            required(action, "target", where),
                            object(action, "statement", where));
                case "attach-identity-policy" ->
                    new Fix.AttachIdentityPolicy(
                            required(action, "principal", where),
                            required(action, "policyName", where),
                            object(action, "document", where));
                case "run-command" -> {
                    List<String> words = new ArrayList<>();
                    action.path("command").forEach(word -> words.add(word.asText()));
                    yield new Fix.RunCommand(words);
                }
                default -> throw new UnreadableReportException(where + " has an unknown action type '" + type + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new UnreadableReportException(where + ": " + e.getMessage());
        }
    }

    private static String required(JsonNode node, String field, String where) throws UnreadableReportException {
        String value = text(node.get(field));
        if (value == null || value.isBlank()) {
            throw new UnreadableReportException(where + ": the action has no \"" + field + "\"");
        }
        return value;
    }

    private static String object(JsonNode node, String field, String where) throws UnreadableReportException {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new UnreadableReportException(where + ": the action's \"" + field + "\" is not a JSON object");
        }
        return value.toString();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
