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
 * takes real values only: callers omit a statement rather than pass a placeholder. A principal is a role (or user) ARN,
 * path included, unless {@code anyPath} says its path is unknown (see {@link #grantee}); one action becomes a string,
 * several an array.
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
                .withSeparators(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        WRITER = new ObjectMapper().writer(printer);
    }

    private FixStatements() {}

    /**
     * {@return the statement to merge into a secret's resource policy that lets the principal call the actions}:
     * {@code {"Effect":"Allow","Principal":{"AWS":P},"Action":A,"Resource":"*"}}.
     */
    public static String secretResourcePolicyStatement(String principalArn, boolean anyPath, List<String> actions) {
        ObjectNode statement = allow();
        grantee(statement, principalArn, anyPath);
        statement.set("Action", actions(actions));
        statement.put("Resource", "*");
        return write(statement);
    }

    /**
     * {@return the key policy statement a Secrets Manager read needs, and no more}: {@code kms:Decrypt} for the
     * principal only through Secrets Manager in the region of the key and the secret, and only from the caller's
     * account ({@code kms:ViaService}, {@code kms:CallerAccount}), as the AWS managed key's own policy is written.
     */
    public static String keyPolicyStatement(String principalArn, boolean anyPath, String region, String callerAccount) {
        ObjectNode statement = allow();
        grantee(statement, principalArn, anyPath);
        statement.put("Action", "kms:Decrypt");
        statement.put("Resource", "*");
        ObjectNode equals = statement.withObjectProperty("Condition").putObject("StringEquals");
        equals.put("kms:ViaService", "secretsmanager." + Objects.requireNonNull(region, "region") + ".amazonaws.com");
        equals.put("kms:CallerAccount", Objects.requireNonNull(callerAccount, "callerAccount"));
        return write(statement);
    }

    /**
     * {@return an identity policy document that allows the actions on one resource (or {@code *} for actions that take
     * no resource)}: {@code {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":A,"Resource":R}]}}.
     */
    public static String identityPolicy(List<String> actions, String resourceArn) {
        ObjectNode statement = allow();
        statement.set("Action", actions(actions));
        statement.put("Resource", Objects.requireNonNull(resourceArn, "resourceArn"));
        return write(document(statement));
    }

    /**
     * {@return the trust policy statement that lets the caller assume the role}:
     * {@code {"Effect":"Allow","Principal":{"AWS":P},"Action":"sts:AssumeRole"}}, conditioned on the client's
     * {@code sts:ExternalId} when it sends one ({@code externalId} not {@code null}).
     */
    public static String trustPolicyStatement(String principalArn, String externalId) {
        ObjectNode statement = allow();
        statement.set("Principal", awsPrincipal(principalArn));
        statement.put("Action", "sts:AssumeRole");
        if (externalId != null) {
            statement.putObject("Condition").putObject("StringEquals").put("sts:ExternalId", externalId);
        }
        return write(statement);
    }

    /**
     * {@return a VPC endpoint policy document that lets the principal call the actions on one resource}:
     * {@code {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":P},"Action":A,"Resource":R}]}}.
     */
    public static String vpcEndpointPolicy(String principalArn, List<String> actions, String resourceArn) {
        ObjectNode statement = allow();
        statement.set("Principal", awsPrincipal(principalArn));
        statement.set("Action", actions(actions));
        statement.put("Resource", Objects.requireNonNull(resourceArn, "resourceArn"));
        return write(document(statement));
    }

    /**
     * The statement's Principal: the ARN itself, or, for a role whose path is unknown (a session ARN has none, and AWS
     * refuses a role ARN without its path), the role's account with {@code aws:PrincipalArn} matching the role's name
     * in any path. Either is stored by AWS and lets in that role only.
     */
    private static void grantee(ObjectNode statement, String principalArn, boolean anyPath) {
        if (!anyPath) {
            statement.set("Principal", awsPrincipal(principalArn));
            return;
        }
        String[] parts = principalArn.split(":", 6);
        String name = parts[5].substring(parts[5].lastIndexOf('/') + 1);
        String prefix = "arn:" + parts[1] + ":iam::" + parts[4] + ":role/";
        statement.set("Principal", awsPrincipal(prefix.replace(":role/", ":root")));
        ArrayNode roles = statement.putObject("Condition").putObject("ArnLike").putArray("aws:PrincipalArn");
        roles.add(prefix + name).add(prefix + "*/" + name);
    }

    private static ObjectNode allow() {
        return NODES.objectNode().put("Effect", "Allow");
    }

    private static ObjectNode awsPrincipal(String principalArn) {
        return NODES.objectNode().put("AWS", Objects.requireNonNull(principalArn, "principalArn"));
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
        ObjectNode doc = NODES.objectNode().put("Version", VERSION);
        doc.putArray("Statement").add(statement);
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
