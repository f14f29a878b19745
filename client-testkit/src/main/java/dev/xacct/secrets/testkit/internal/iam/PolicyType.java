package dev.xacct.secrets.testkit.internal.iam;

/** The kinds of policy AWS evaluates, named as AWS names them in its AccessDenied messages. */
public enum PolicyType {
    // Declaration order matters: it is the order in which the identity-side layers are reported as failing.
    SERVICE_CONTROL("service control", "service control policy"),
    RESOURCE_CONTROL("resource control", "resource control policy"),
    RESOURCE_BASED("resource-based", "resource-based policy"),
    IDENTITY_BASED("identity-based", "identity-based policy"),
    PERMISSIONS_BOUNDARY("permissions boundary", "permissions boundary"),
    SESSION("session", "session policy");

    private final String phrase;
    private final String noun;

    PolicyType(String phrase, String noun) {
        this.phrase = phrase;
        this.noun = noun;
    }

    /** The adjective AWS uses, e.g. {@code resource-based}. */
    public String phrase() {
        return phrase;
    }

    /** The noun phrase AWS uses in messages, e.g. {@code resource-based policy} or {@code permissions boundary}. */
    public String noun() {
        return noun;
    }
}
