package dev.xacct.secrets.internal.diagnosis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * Builds the policy JSON that fixes propose, with Jackson, pretty-printed with two-space indentation. Every method
 * takes real values only: callers omit a statement rather than pass a placeholder.
 *
 * <p>The shapes follow the AWS cross-account example (aws-wire-and-policy.md §5.10): the secret's resource policy and
 * identity policies are whole policy documents; key policy and trust policy additions are single statements, to be
 * merged into the existing policy.
 */
public final class FixStatements {

    /** The IAM policy language version every document declares. */
    public static final String VERSION = "2012-10-17";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final ObjectWriter WRITER;

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        WRITER = new ObjectMapper().writer(printer);
    }

    private FixStatements() {
    }

    /**
     * The resource policy for a secret that lets {@code principalArn} call the actions: {@code {"Version":"2012-10-17",
     * "Statement":[{"Effect":"Allow","Principal":{"AWS":P},"Action":A,"Resource":"*"}]}}.
     *
     * @param principalArn the role (or user) to allow
     * @param actions the actions; one becomes a string, several an array
     * @return the pretty-printed document
     */
    public static String secretResourcePolicy(String principalArn, List<String> actions) {
        ObjectNode statement = allow();
        statement.set("Principal", awsPrincipal(principalArn));
        statement.set("Action", actions(actions));
        statement.put("Resource", "*");
        return write(document(statement));
    }

    /**
     * The key policy statement that lets {@code principalArn} decrypt with and describe the key:
     * {@code {"Effect":"Allow","Principal":{"AWS":P},"Action":["kms:Decrypt","kms:DescribeKey"],"Resource":"*"}}.
     *
     * @param principalArn the role (or user) to allow
     * @return the pretty-printed statement
     */
    public static String keyPolicyStatement(String principalArn) {
        ObjectNode statement = allow();
        statement.set("Principal", awsPrincipal(principalArn));
        statement.set("Action", actions(List.of("kms:Decrypt", "kms:DescribeKey")));
        statement.put("Resource", "*");
        return write(statement);
    }

    /**
     * An identity policy document that allows the actions on one resource:
     * {@code {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":A,"Resource":R}]}}.
     *
     * @param actions the actions; one becomes a string, several an array
     * @param resourceArn the resource ARN (or {@code *} for actions that take no resource)
     * @return the pretty-printed document
     */
    public static String identityPolicy(List<String> actions, String resourceArn) {
        ObjectNode statement = allow();
        statement.set("Action", actions(actions));
        statement.put("Resource", Objects.requireNonNull(resourceArn, "resourceArn"));
        return write(document(statement));
    }

    /**
     * The trust policy statement that lets {@code principalArn} assume the role:
     * {@code {"Effect":"Allow","Principal":{"AWS":P},"Action":"sts:AssumeRole"}}.
     *
     * @param principalArn the caller to allow
     * @return the pretty-printed statement
     */
    public static String trustPolicyStatement(String principalArn) {
        ObjectNode statement = allow();
        statement.set("Principal", awsPrincipal(principalArn));
        statement.put("Action", "sts:AssumeRole");
        return write(statement);
    }

    /**
     * A VPC endpoint policy document that lets {@code principalArn} call the actions on one resource:
     * {@code {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":P},"Action":A,"Resource":R}]}}.
     *
     * @param principalArn the role (or user) to allow
     * @param actions the actions
     * @param resourceArn the resource ARN
     * @return the pretty-printed document
     */
    public static String vpcEndpointPolicy(String principalArn, List<String> actions, String resourceArn) {
        ObjectNode statement = allow();
        statement.set("Principal", awsPrincipal(principalArn));
        statement.set("Action", actions(actions));
        statement.put("Resource", Objects.requireNonNull(resourceArn, "resourceArn"));
        return write(document(statement));
    }

    private static ObjectNode allow() {
        ObjectNode statement = NODES.objectNode();
        statement.put("Effect", "Allow");
        return statement;
    }

    private static ObjectNode awsPrincipal(String principalArn) {
        ObjectNode principal = NODES.objectNode();
        principal.put("AWS", Objects.requireNonNull(principalArn, "principalArn"));
        return principal;
    }

    private static com.fasterxml.jackson.databind.JsonNode actions(List<String> actions) {
        if (actions.size() == 1) {
            return NODES.textNode(actions.get(0));
        }
        ArrayNode array = NODES.arrayNode();
        actions.forEach(array::add);
        return array;
    }

    private static ObjectNode document(ObjectNode statement) {
        ObjectNode doc = NODES.objectNode();
        doc.put("Version", VERSION);
        ArrayNode statements = doc.putArray("Statement");
        statements.add(statement);
        return doc;
    }

    private static String write(ObjectNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
