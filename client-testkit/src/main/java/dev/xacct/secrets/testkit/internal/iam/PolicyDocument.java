package dev.xacct.secrets.testkit.internal.iam;

import java.util.List;

/** An immutable, validated IAM policy document (identity, resource, key, trust, session policy or SCP). */
public final class PolicyDocument {

    private final String json;
    private final String version;
    private final String id;
    private final List<Statement> statements;

    private PolicyDocument(String json, PolicyParser.Parsed parsed) {
        this.json = json;
        this.version = parsed.version();
        this.id = parsed.id();
        this.statements = List.copyOf(parsed.statements());
    }

    /**
     * Parses and validates a policy. {@code Statement} may be one object or an array; {@code Resource} may be
     * absent (as in trust and key policies) and then matches every resource.
     *
     * @throws MalformedPolicyException if the text is not JSON, or not a policy AWS would accept (unknown element,
     *         Effect other than {@code Allow}/{@code Deny}, no Action, an unsupported condition operator, …)
     */
    public static PolicyDocument parse(String json) {
        return new PolicyDocument(json, PolicyParser.parse(json));
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
