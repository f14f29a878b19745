package dev.xacct.secrets.testkit.internal.iam;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Turns policy JSON into statements, refusing what AWS would refuse with a message naming the element. */
final class PolicyParser {

    // Trailing tokens would otherwise be ignored silently, accepting "{...} garbage".
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> DOCUMENT_ELEMENTS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_ELEMENTS = Set.of(
            "Sid",
            "Effect",
            "Principal",
            "NotPrincipal",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Condition");
    private static final Set<String> PRINCIPAL_TYPES = Set.of("AWS", "Service", "Federated", "CanonicalUser");

    private PolicyParser() {}

    /** The document's Version ({@code null} if absent), Id ({@code null} if absent) and statements. */
    record Parsed(String version, String id, List<Statement> statements) {}

    static Parsed parse(String json) {
        if (json == null) {
            throw new MalformedPolicyException("Policy document is null");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedPolicyException("Policy document is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("Policy document must be a JSON object");
        }
        rejectUnknown(root, DOCUMENT_ELEMENTS, "Policy document");
        String version = optionalText(root, "Version", "Policy document");
        if (version != null && !VERSIONS.contains(version)) {
            throw new MalformedPolicyException(
                    "Policy document: Version must be 2012-10-17 or 2008-10-17, was '" + version + "'");
        }
        String id = optionalText(root, "Id", "Policy document");
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null) {
            throw new MalformedPolicyException("Policy document: Statement is required");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (statementNode.isArray()) {
            statementNode.forEach(nodes::add);
        } else {
            nodes.add(statementNode);
        }
        List<Statement> statements = new ArrayList<>();
        List<Statement.Position[]> positions = statementPositions(json);
        for (int i = 0; i < nodes.size(); i++) {
            Statement statement = statement(nodes.get(i), "Statement[" + i + "]");
            if (i < positions.size()) {
                statement = statement.at(positions.get(i)[0], positions.get(i)[1]);
            }
            statements.add(statement);
        }
        return new Parsed(version, id, statements);
    }

    /**
     * Where each statement object starts and ends in the text (for the simulator's MatchedStatements), found by a
     * second pass over the tokens: the tree the first pass built keeps no locations. The end is just past the brace.
     */
    private static List<Statement.Position[]> statementPositions(String json) {
        List<Statement.Position[]> positions = new ArrayList<>();
        try (JsonParser parser = JSON.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return positions;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!field.equals("Statement")) {
                    parser.skipChildren();
                } else if (value == JsonToken.START_OBJECT) {
                    positions.add(span(parser));
                } else if (value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        positions.add(span(parser));
                    }
                }
            }
        } catch (IOException e) {
            // The text was valid JSON for the first pass; positions are a nicety, never a reason to refuse.
        }
        return positions;
    }

    private static Statement.Position[] span(JsonParser parser) throws IOException {
        JsonLocation start = parser.currentTokenLocation();
        parser.skipChildren();
        JsonLocation end = parser.currentTokenLocation();
        return new Statement.Position[] {
            new Statement.Position(start.getLineNr(), start.getColumnNr()),
            new Statement.Position(end.getLineNr(), end.getColumnNr() + 1)
        };
    }

    private static Statement statement(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new MalformedPolicyException(where + ": must be a JSON object");
        }
        rejectUnknown(node, STATEMENT_ELEMENTS, where);
        String sid = optionalText(node, "Sid", where);
        String effectText = optionalText(node, "Effect", where);
        if (effectText == null) {
            throw new MalformedPolicyException(where + ": Effect is required");
        }
        Statement.Effect effect = switch (effectText) {
            case "Allow" -> Statement.Effect.ALLOW;
            case "Deny" -> Statement.Effect.DENY;
            default ->
                throw new MalformedPolicyException(where + ": Effect must be Allow or Deny, was '" + effectText + "'");
        };
        String principalElement = oneOf(node, "Principal", "NotPrincipal", false, where);
        String actionElement = oneOf(node, "Action", "NotAction", true, where);
        String resourceElement = oneOf(node, "Resource", "NotResource", false, where);

        List<String> actions = strings(node.get(actionElement), where + ": " + actionElement);
        for (String action : actions) {
            // AWS: "Actions/Conditions must be prefaced by a vendor"; catches "GetSecretValue" without its service.
            if (!action.equals("*") && action.indexOf(':') <= 0) {
                throw new MalformedPolicyException(
                        where + ": " + actionElement + " '" + action + "' must be '*' or service:action");
            }
        }
        return new Statement(
                sid,
                effect,
                principalElement == null
                        ? null
                        : principals(node.get(principalElement), where + ": " + principalElement),
                "NotPrincipal".equals(principalElement),
                actions,
                actionElement.equals("NotAction"),
                resourceElement == null ? null : strings(node.get(resourceElement), where + ": " + resourceElement),
                "NotResource".equals(resourceElement),
                conditions(node.get("Condition"), where),
                null,
                null);
    }

    /** Which of two mutually exclusive elements is present; {@code null} if neither and not required. */
    private static String oneOf(JsonNode node, String element, String negated, boolean required, String where) {
        boolean plain = node.has(element);
        boolean not = node.has(negated);
        if (plain && not) {
            throw new MalformedPolicyException(where + ": cannot have both " + element + " and " + negated);
        }
        if (required && !plain && !not) {
            throw new MalformedPolicyException(where + ": " + element + " or " + negated + " is required");
        }
        return plain ? element : not ? negated : null;
    }

    private static Principals principals(JsonNode node, String where) {
        if (node.isTextual()) {
            if (!node.asText().equals("*")) {
                throw new MalformedPolicyException(
                        where + " must be \"*\" or an object such as {\"AWS\": ...}, was '" + node.asText() + "'");
            }
            return new Principals(true, Map.of());
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new MalformedPolicyException(where + " must be \"*\" or a non-empty object such as {\"AWS\": ...}");
        }
        Map<String, List<String>> byType = new LinkedHashMap<>();
        node.properties().forEach(field -> {
            if (!PRINCIPAL_TYPES.contains(field.getKey())) {
                throw new MalformedPolicyException(where + ": unknown principal type '" + field.getKey() + "'");
            }
            byType.put(field.getKey(), strings(field.getValue(), where + "." + field.getKey()));
        });
        return new Principals(false, byType);
    }

    private static List<Condition> conditions(JsonNode node, String where) {
        if (node == null) {
            return List.of();
        }
        if (!node.isObject()) {
            throw new MalformedPolicyException(where + ": Condition must be an object of operators");
        }
        List<Condition> conditions = new ArrayList<>();
        node.properties().forEach(operator -> {
            String operatorWhere = where + ": Condition." + operator.getKey();
            if (!operator.getValue().isObject() || operator.getValue().isEmpty()) {
                throw new MalformedPolicyException(operatorWhere + " must be a non-empty object of condition keys");
            }
            operator.getValue().properties().forEach(key -> {
                List<String> values = scalars(key.getValue(), operatorWhere + "." + key.getKey());
                // Rejected here, as AWS rejects such a policy when it is stored, so evaluation never meets one.
                conditions.add(Condition.of(operator.getKey(), key.getKey(), values)
                        .orElseThrow(() -> new MalformedPolicyException(
                                where + ": unsupported Condition operator '" + operator.getKey() + "'")));
            });
        });
        return conditions;
    }

    /** A string or a non-empty array of strings. */
    private static List<String> strings(JsonNode node, String where) {
        return values(node, JsonNode::isTextual, "a string or an array of strings", where);
    }

    /** A string, boolean or number, or a non-empty array of them, each as text (AWS compares them as strings). */
    private static List<String> scalars(JsonNode node, String where) {
        return values(
                node,
                item -> item.isTextual() || item.isBoolean() || item.isNumber(),
                "a string, boolean, number or an array of them",
                where);
    }

    private static List<String> values(JsonNode node, Predicate<JsonNode> accepted, String expected, String where) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : node.isArray() ? node : List.of(node)) {
            if (!accepted.test(item)) {
                throw new MalformedPolicyException(where + " must be " + expected);
            }
            values.add(item.asText());
        }
        if (values.isEmpty()) {
            throw new MalformedPolicyException(where + " must not be empty");
        }
        return values;
    }

    private static String optionalText(JsonNode node, String element, String where) {
        JsonNode value = node.get(element);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw new MalformedPolicyException(where + ": " + element + " must be a string");
        }
        return value.asText();
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String where) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw new MalformedPolicyException(where + ": unknown element '" + name + "'");
            }
        });
    }
}
