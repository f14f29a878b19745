package dev.xacct.secrets.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * IAM policy documents as {@code fix} handles them: parsed, compared by meaning (not by spelling), and merged by
 * appending statements — never removing or rewriting one that is there.
 */
public final class PolicyDocuments {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Two spaces per level, {@code "key": value}, one array item per line: how people write policies. */
    private static final DefaultPrettyPrinter PRETTY = prettyPrinter();

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        printer.indentArraysWith(indenter);
        printer.indentObjectsWith(indenter);
        return printer;
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PolicyDocuments() {}

    /**
     * Parses a policy document.
     *
     * @param json the document, or {@code null} for a resource without a policy
     * @return the document, an empty one ({@code Version} and no statement) for {@code null}
     * @throws IllegalArgumentException if it is not a JSON object
     */
    public static ObjectNode parse(String json) {
        if (json == null || json.isBlank()) {
            ObjectNode empty = NODES.objectNode().put("Version", "2012-10-17");
            empty.putArray("Statement");
            return empty;
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("a policy document must be a JSON object");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a policy document is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * The statements of a document, whether {@code Statement} is an array or one object.
     *
     * @param document the document
     * @return the statements, in order
     */
    public static List<JsonNode> statements(JsonNode document) {
        JsonNode statement = document.get("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statement == null || statement.isNull()) {
            return list;
        }
        if (statement.isArray()) {
            statement.forEach(list::add);
        } else {
            list.add(statement);
        }
        return list;
    }

    /**
     * The statements a fix adds: the statement itself, or each statement of a whole document.
     *
     * @param statementOrDocument a statement object, or a document with {@code Statement}
     * @return the statements
     */
    public static List<JsonNode> statementsOf(JsonNode statementOrDocument) {
        return statementOrDocument.has("Statement") ? statements(statementOrDocument) : List.of(statementOrDocument);
    }

    /**
     * A statement in a form where two statements that mean the same are equal: without {@code Sid}, a one-element
     * list as its element, lists sorted, object keys sorted.
     *
     * @param statement the statement
     * @return its canonical form
     */
    public static JsonNode canonical(JsonNode statement) {
        JsonNode copy = canonicalValue(statement);
        if (copy instanceof ObjectNode object) {
            object.remove("Sid");
        }
        return copy;
    }

    private static JsonNode canonicalValue(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), canonicalValue(e.getValue())));
            ObjectNode object = NODES.objectNode();
            sorted.forEach(object::set);
            return object;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> items.add(canonicalValue(item)));
            if (items.size() == 1) {
                return items.get(0);
            }
            items.sort((a, b) -> a.toString().compareTo(b.toString()));
            ArrayNode array = NODES.arrayNode();
            items.forEach(array::add);
            return array;
        }
        return node.deepCopy();
    }

    /**
     * Whether two documents hold the same statements, as {@link #canonical} compares them, in the same order.
     *
     * @param a a document
     * @param b another
     * @return {@code true} if they mean the same
     */
    public static boolean sameDocument(JsonNode a, JsonNode b) {
        List<JsonNode> left =
                statements(a).stream().map(PolicyDocuments::canonicalWithSid).toList();
        List<JsonNode> right =
                statements(b).stream().map(PolicyDocuments::canonicalWithSid).toList();
        return left.equals(right);
    }

    private static JsonNode canonicalWithSid(JsonNode statement) {
        return canonicalValue(statement);
    }

    /**
     * Whether a statement would grant access to everyone: an {@code Allow} whose principal is {@code "*"} (or
     * {@code {"AWS": "*"}}) with no condition to narrow it.
     *
     * @param statement the statement
     * @return {@code true} for a public grant
     */
    public static boolean grantsEveryone(JsonNode statement) {
        if (!"Allow".equals(statement.path("Effect").asText())) {
            return false;
        }
        JsonNode condition = statement.get("Condition");
        if (condition != null && condition.isObject() && condition.size() > 0) {
            return false;
        }
        JsonNode principal = statement.get("Principal");
        if (principal == null) {
            return statement.has("NotPrincipal");
        }
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        Iterator<JsonNode> values = principal.elements();
        while (values.hasNext()) {
            JsonNode value = values.next();
            if (value.isTextual() && value.asText().equals("*")) {
                return true;
            }
            if (value.isArray()) {
                for (JsonNode item : value) {
                    if (item.asText().equals("*")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The principals a document names by IAM unique id ({@code AROA...}, {@code AIDA...}) rather than by ARN: what
     * AWS shows in place of a role or user that was deleted, and refuses to store again.
     *
     * @param document the document
     * @return the ids, in order, each once
     */
    public static List<String> deletedPrincipals(JsonNode document) {
        Set<String> ids = new java.util.LinkedHashSet<>();
        for (JsonNode statement : statements(document)) {
            for (String field : List.of("Principal", "NotPrincipal")) {
                JsonNode principal = statement.path(field).path("AWS");
                List<JsonNode> values = new ArrayList<>();
                if (principal.isArray()) {
                    principal.forEach(values::add);
                } else if (principal.isTextual()) {
                    values.add(principal);
                }
                values.stream()
                        .map(JsonNode::asText)
                        .filter(id -> id.matches("A[A-Z]OA[A-Z0-9]{12,}"))
                        .forEach(ids::add);
            }
        }
        return List.copyOf(ids);
    }

    /**
     * What a trust-policy statement without a Condition would bypass: the condition keys of the statements that
     * already allow one of its principals {@code sts:AssumeRole}, when every such statement has a Condition (most often
     * the owner's {@code sts:ExternalId}), and {@code sts:ExternalId} when every statement that allows
     * {@code sts:AssumeRole} asks one. Adding it would let a principal in without the owner's condition.
     *
     * @param trustPolicy the current trust policy
     * @param statement the statement to add
     * @return the condition keys, sorted, or an empty list when the statement bypasses nothing
     */
    public static List<String> conditionBypassed(JsonNode trustPolicy, JsonNode statement) {
        if (!"Allow".equals(statement.path("Effect").asText())
                || statement.path("Condition").size() > 0) {
            return List.of();
        }
        List<JsonNode> allows = statements(trustPolicy).stream()
                .filter(s -> "Allow".equals(s.path("Effect").asText())
                        && values(s.path("Action")).stream()
                                .anyMatch(a -> a.equals("*")
                                        || a.equalsIgnoreCase("sts:*")
                                        || a.equalsIgnoreCase("sts:AssumeRole")))
                .toList();
        Set<String> keys = new java.util.TreeSet<>();
        for (String principal : values(statement.path("Principal").path("AWS"))) {
            List<JsonNode> naming = allows.stream()
                    .filter(s -> values(s.path("Principal").path("AWS")).contains(principal))
                    .toList();
            if (naming.stream().noneMatch(s -> s.path("Condition").size() == 0)) {
                naming.forEach(
                        s -> s.path("Condition").forEach(op -> op.fieldNames().forEachRemaining(keys::add)));
            }
        }
        // An owner who asks an external id of every principal the role trusts asks it of a new one too.
        if (!allows.isEmpty()
                && allows.stream().allMatch(s -> {
                    Set<String> these = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                    s.path("Condition").forEach(op -> op.fieldNames().forEachRemaining(these::add));
                    return these.contains("sts:ExternalId");
                })) {
            keys.add("sts:ExternalId");
        }
        return List.copyOf(keys);
    }

    private static List<String> values(JsonNode node) {
        List<String> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> list.add(item.asText()));
        } else if (node.isTextual()) {
            list.add(node.asText());
        }
        return list;
    }

    /**
     * Merges statements into a document: each one not already present (by meaning) is appended; a {@code Sid} already
     * used by another statement gets a fresh one. Nothing else of the document changes.
     *
     * @param document the current document (not modified)
     * @param additions the statements to add
     * @return the merged document, and which statements were added, as written
     */
    public static Merge merge(ObjectNode document, List<JsonNode> additions) {
        ObjectNode merged = document.deepCopy();
        List<JsonNode> current = statements(merged);
        ArrayNode array = NODES.arrayNode();
        current.forEach(array::add);
        Set<JsonNode> present = new HashSet<>();
        Set<String> sids = new HashSet<>();
        current.forEach(s -> {
            present.add(canonical(s));
            if (s.hasNonNull("Sid")) {
                sids.add(s.get("Sid").asText());
            }
        });
        List<JsonNode> added = new ArrayList<>();
        for (JsonNode statement : additions) {
            JsonNode key = canonical(statement);
            if (present.contains(key)) {
                continue;
            }
            ObjectNode written = statement.deepCopy();
            if (written.hasNonNull("Sid")) {
                String sid = written.get("Sid").asText();
                String fresh = sid;
                for (int n = 2; sids.contains(fresh); n++) {
                    fresh = sid + n;
                }
                written.put("Sid", fresh);
                sids.add(fresh);
            }
            present.add(key);
            array.add(written);
            added.add(written);
        }
        if (!added.isEmpty()) {
            if (!merged.has("Version")) {
                merged.put("Version", "2012-10-17");
            }
            merged.set("Statement", array);
        }
        return new Merge(document, merged, List.copyOf(added));
    }

    /**
     * A document pretty-printed, two spaces per level, as the diff shows it.
     *
     * @param document the document
     * @return the JSON text
     */
    public static String pretty(JsonNode document) {
        try {
            return JSON.writer(PRETTY).writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A document on one line, as AWS stores it.
     *
     * @param document the document
     * @return the JSON text
     */
    public static String compact(JsonNode document) {
        return document.toString();
    }

    /**
     * The result of a merge.
     *
     * @param before the document as it was
     * @param after the document with the statements added
     * @param added the statements appended, as written (empty when every one was already present)
     */
    public record Merge(ObjectNode before, ObjectNode after, List<JsonNode> added) {

        /**
         * Whether the merge changes the document.
         *
         * @return {@code true} if at least one statement was added
         */
        public boolean changes() {
            return !added.isEmpty();
        }
    }
}
