package dev.xacct.secrets.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import java.util.Map;

/**
 * A policy as a world keeps it: the document bound to principals' unique ids (what evaluation uses) and the text it
 * was given. Read back, the text shows a bound principal by its ARN while that very principal exists, and by its
 * unique id once it was deleted or re-created, as AWS shows it (hashicorp/terraform-provider-aws#29496).
 */
final class StoredPolicy {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final World world;
    private final PolicyDocument document;
    private final Map<String, String> bindings;

    StoredPolicy(World world, PolicyDocument document, Map<String, String> bindings) {
        this.world = world;
        this.document = document;
        this.bindings = Map.copyOf(bindings);
    }

    /** The bound document, for evaluation. */
    PolicyDocument document() {
        return document;
    }

    /** The text as AWS returns it now. */
    String json() {
        Map<String, String> stale = staleBindings();
        return stale.isEmpty() ? document.json() : rewrite(document.json(), stale);
    }

    private Map<String, String> staleBindings() {
        if (bindings.isEmpty()) {
            return Map.of();
        }
        Map<String, String> stale = new java.util.HashMap<>();
        bindings.forEach((arn, id) -> {
            boolean live =
                    world.findPrincipalById(id).map(p -> p.arn().equals(arn)).orElse(false);
            if (!live) {
                stale.put(arn, id);
            }
        });
        return stale;
    }

    private static String rewrite(String json, Map<String, String> stale) {
        try {
            JsonNode root = JSON.readTree(json);
            JsonNode statements = root.get("Statement");
            for (JsonNode statement :
                    statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
                for (String element : new String[] {"Principal", "NotPrincipal"}) {
                    JsonNode principal = statement.get(element);
                    if (principal instanceof ObjectNode object && object.has("AWS")) {
                        object.set("AWS", replace(object.get("AWS"), stale));
                    }
                }
            }
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored policy no longer parses", e);
        }
    }

    private static JsonNode replace(JsonNode values, Map<String, String> stale) {
        if (values.isTextual()) {
            return TextNode.valueOf(stale.getOrDefault(values.asText(), values.asText()));
        }
        ArrayNode replaced = JSON.createArrayNode();
        values.forEach(value -> replaced.add(replace(value, stale)));
        return replaced;
    }
}
