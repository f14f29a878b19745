package dev.xacct.secrets.testkit.internal.iam;

import java.util.List;
import java.util.function.UnaryOperator;

/** An immutable, validated IAM policy document (identity, resource, key, trust, session policy or SCP). */
public final class PolicyDocument {

    private final String json;
    private final String version;
    private final String id;
    private final List<Statement> statements;

    private PolicyDocument(String json, String version, String id, List<Statement> statements) {
        this.json = json;
        this.version = version;
        this.id = id;
        this.statements = List.copyOf(statements);
    }

    /**
     * Parses and validates a policy. {@code Statement} may be one object or an array; {@code Resource} may be
     * absent (as in trust and key policies) and then matches every resource.
     *
     * @throws MalformedPolicyException if the text is not JSON, or not a policy AWS would accept (unknown element,
     *         Effect other than {@code Allow}/{@code Deny}, no Action, an unsupported condition operator, …)
     */
    public static PolicyDocument parse(String json) {
        PolicyParser.Parsed parsed = PolicyParser.parse(json);
        return new PolicyDocument(json, parsed.version(), parsed.id(), parsed.statements());
    }

    /**
     * The same document (same text) whose {@code AWS} principal values, in Principal and NotPrincipal, are mapped by
     * {@code mapper}: how a stored policy binds a role or user ARN to the principal's unique id.
     */
    public PolicyDocument withAwsPrincipals(UnaryOperator<String> mapper) {
        return new PolicyDocument(
                json,
                version,
                id,
                statements.stream()
                        .map(statement -> statement.principal() == null
                                ? statement
                                : statement.withPrincipal(statement.principal().withAws(mapper)))
                        .toList());
    }

    /** Whether any statement has a Principal or NotPrincipal element. */
    public boolean hasPrincipals() {
        return statements.stream().anyMatch(statement -> statement.principal() != null);
    }

    /** The text the document was parsed from, unchanged (AWS returns policies as they were given). */
    public String json() {
        return json;
    }

    /** The Version element, or {@code null} if absent. */
    public String version() {
        return version;
    }

    /** The Id element, or {@code null} if absent. */
    public String id() {
        return id;
    }

    public List<Statement> statements() {
        return statements;
    }

    @Override
    public String toString() {
        return json;
    }
}
