package dev.xacct.secrets.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Small builders for the policy documents a test needs most, as JSON text. Anything else can be written as JSON
 * directly: every method of the world that takes a policy takes its JSON.
 */
public final class Policies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Policies() {}

    /**
     * {@return an identity policy with one statement allowing {@code actions} on {@code resource}}
     *
     * @param resource the resource ARN or pattern, such as a secret ARN or {@code *}
     * @param actions one or more actions, such as {@code secretsmanager:GetSecretValue}
     */
    public static String allow(String resource, String... actions) {
        return document(statement("Allow", null, resource, actions));
    }

    /**
     * {@return an identity policy with one statement denying {@code actions} on {@code resource}}
     *
     * @param resource the resource ARN or pattern, such as a secret ARN or {@code *}
     * @param actions one or more actions, such as {@code kms:Decrypt}
     */
    public static String deny(String resource, String... actions) {
        return document(statement("Deny", null, resource, actions));
    }

    /**
     * {@return a resource policy (or key policy) with one statement allowing {@code principal} {@code actions} on
     * {@code *}}
     *
     * @param principal an AWS principal: a user, role or account ARN, an account id, or {@code *}
     * @param actions one or more actions
     */
    public static String allowPrincipal(String principal, String... actions) {
        return document(statement("Allow", principal, "*", actions));
    }

    /**
     * {@return a resource policy (or key policy) with one statement denying {@code principal} {@code actions} on {@code
     * *}}
     *
     * @param principal an AWS principal: a user, role or account ARN, an account id, or {@code *}
     * @param actions one or more actions
     */
    public static String denyPrincipal(String principal, String... actions) {
        return document(statement("Deny", principal, "*", actions));
    }

    /**
     * A role trust policy that lets {@code principal} (a user, role or account ARN) call {@code sts:AssumeRole}. It
     * has no Resource element: IAM refuses a trust policy with one.
     *
     * @param principal a user, role or account ARN, or an account id
     * @return the trust policy as JSON
     */
    public static String trust(String principal) {
        ObjectNode statement = JSON.createObjectNode().put("Effect", "Allow");
        statement.putObject("Principal").put("AWS", principal);
        statement.put("Action", "sts:AssumeRole");
        return document(statement.toString());
    }

    /**
     * {@return the default key policy of a new customer managed key: the account may use IAM policies to grant access}
     *
     * @param accountId the key owner's 12-digit account id
     */
    public static String defaultKeyPolicy(String accountId) {
        return "{\"Version\":\"2012-10-17\",\"Id\":\"key-default-1\",\"Statement\":[{\"Sid\":\"Enable IAM User Permissions\","
                + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + accountId + ":root\"},"
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    }

    /**
     * {@return a policy document with version {@code 2012-10-17} made of the given statements}
     *
     * @param statements the statements, each a JSON object, in order
     * @throws IllegalArgumentException if a statement is not a JSON object
     */
    public static String document(String... statements) {
        ObjectNode doc = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode array = doc.putArray("Statement");
        for (String statement : statements) {
            array.add(readObject(statement));
        }
        return doc.toString();
    }

    /**
     * One statement as JSON.
     *
     * @param effect {@code Allow} or {@code Deny}
     * @param principal an AWS principal (ARN, account id or {@code *}), or {@code null} for identity policies
     * @param resource the resource ARN or pattern
     * @param actions one or more actions
     * @return the statement, a JSON object
     */
    public static String statement(String effect, @Nullable String principal, String resource, String... actions) {
        return statement(effect, principal, List.of(resource), List.of(actions));
    }

    /**
     * One statement as JSON, on several resources.
     *
     * @param effect {@code Allow} or {@code Deny}
     * @param principal an AWS principal (ARN, account id or {@code *}), or {@code null} for identity policies
     * @param resources one or more resource ARNs or patterns
     * @param actions one or more actions
     * @return the statement, a JSON object; a single action or resource as a string, several as an array
     * @throws IllegalArgumentException if there is no action or no resource
     */
    public static String statement(
            String effect, @Nullable String principal, List<String> resources, List<String> actions) {
        if (actions.isEmpty() || resources.isEmpty()) {
            throw new IllegalArgumentException("a statement needs at least one action and one resource");
        }
        ObjectNode node = JSON.createObjectNode().put("Effect", effect);
        if (principal != null) {
            node.putObject("Principal").put("AWS", principal);
        }
        putOneOrMany(node, "Action", actions);
        putOneOrMany(node, "Resource", resources);
        return node.toString();
    }

    private static void putOneOrMany(ObjectNode node, String field, List<String> values) {
        if (values.size() == 1) {
            node.put(field, values.get(0));
        } else {
            values.forEach(node.putArray(field)::add);
        }
    }

    /**
     * Appends a statement to a policy, even one the policy already has (to merge, see
     * {@link Secret#mergeResourcePolicyStatement(String)}).
     *
     * @param policyJson a policy document as JSON
     * @param statementJson one statement, a JSON object
     * @return a new policy document: {@code policyJson} with {@code statementJson} appended to its statements
     * @throws IllegalArgumentException if either is not a JSON object
     */
    public static String withStatement(String policyJson, String statementJson) {
        ObjectNode doc = readObject(policyJson);
        JsonNode existing = doc.get("Statement");
        ArrayNode statements = JSON.createArrayNode();
        if (existing != null && existing.isArray()) {
            statements.addAll((ArrayNode) existing);
        } else if (existing != null) {
            statements.add(existing);
        }
        statements.add(readObject(statementJson));
        doc.set("Statement", statements);
        return doc.toString();
    }

    /**
     * {@code policyJson} (or a new policy when {@code null}) with {@code statementJson} appended, or empty when it
     * already has an equal statement: how an owner merges a statement without touching the others. Statements are
     * compared as JSON, with a single string equal to an array of just that string.
     */
    static java.util.Optional<String> merge(@Nullable String policyJson, String statementJson) {
        ObjectNode statement = readObject(statementJson);
        if (policyJson != null) {
            JsonNode existing = readObject(policyJson).get("Statement");
            for (JsonNode current :
                    existing == null ? List.<JsonNode>of() : existing.isArray() ? existing : List.of(existing)) {
                if (normalized(current).equals(normalized(statement))) {
                    return java.util.Optional.empty();
                }
            }
            return java.util.Optional.of(withStatement(policyJson, statementJson));
        }
        return java.util.Optional.of(document(statementJson));
    }

    /** A copy in which every string that stands for a list is a list, so {@code "a"} equals {@code ["a"]}. */
    private static JsonNode normalized(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = JSON.createObjectNode();
            object.properties().forEach(field -> {
                JsonNode value = normalized(field.getValue());
                boolean list = !field.getKey().equals("Effect")
                        && !field.getKey().equals("Sid")
                        && !field.getKey().equals("Version")
                        && !(field.getKey().equals("Principal") && value.isTextual());
                copy.set(
                        field.getKey(),
                        list && value.isValueNode() ? JSON.createArrayNode().add(value) : value);
            });
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JSON.createArrayNode();
            array.forEach(item -> copy.add(normalized(item)));
            return copy;
        }
        return node;
    }

    private static ObjectNode readObject(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("expected a JSON object, was: " + json);
            }
            return object;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
