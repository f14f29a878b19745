package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.iam.MalformedPolicyException;
import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import dev.xacct.secrets.testkit.internal.iam.Principals;
import dev.xacct.secrets.testkit.internal.iam.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one path every policy takes into a world, through the Java API or the emulator's write operations: parsed,
 * checked as the service that keeps it checks it, and its role and user principals bound to their unique ids
 * (IAM User Guide, "AWS JSON policy elements: Principal": a principal ARN is transformed to the principal's unique id
 * when the policy is saved, and a principal that does not exist makes the save fail).
 *
 * <p>The messages are AWS's, from public captures: Secrets Manager's from its User Guide ("Managing a resource-based
 * policy": "This resource policy contains an unsupported principal.", "... a syntax error."); KMS's from PutKeyPolicy
 * failures ("Policy contains a statement with one or more invalid principals.", e.g. LBHackney-IT/Data-Platform#2238);
 * IAM's from UpdateAssumeRolePolicy and PutRolePolicy failures ("Invalid principal in policy: "AWS":"ARN"",
 * databrickslabs/ucx#2269; "Policy document should not specify a principal.", hashicorp/terraform-provider-aws#10419;
 * "Has prohibited field Resource", "Policy statement must contain resources.", "Missing required field Principal").
 */
final class PolicyValidator {

    private static final String SM_SYNTAX = "This resource policy contains a syntax error.";
    private static final String SM_PRINCIPAL = "This resource policy contains an unsupported principal.";
    private static final String SM_SERVICE_PRINCIPAL = "This resource policy contains an invalid service principal.";
    private static final String KMS_PRINCIPAL = "Policy contains a statement with one or more invalid principals.";
    private static final String IAM_SYNTAX = "Syntax errors in policy.";

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern IAM_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):(root|role/.+|user/.+)");
    private static final Pattern SESSION_ARN = Pattern.compile("arn:aws:sts::(\\d{12}):assumed-role/([^/]+)/[^/]+");
    private static final Pattern UNIQUE_ID = Pattern.compile("A(ROA|IDA)[A-Z0-9]{10,}");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*\\.amazonaws\\.com(\\.cn)?");

    private PolicyValidator() {}

    /**
     * Validates {@code json} as a policy of {@code kind} and binds its principals.
     *
     * @param what how the policy is named in the exception, such as {@code resource policy of secret ARN}
     * @throws AwsRefusedException with the error the service answers, if it would refuse the policy
     */
    static StoredPolicy store(World world, PolicyKind kind, String what, String json) {
        if (json == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        PolicyDocument document;
        try {
            document = PolicyDocument.parse(json);
        } catch (MalformedPolicyException e) {
            throw malformed(
                    kind,
                    what + " is not a valid policy document: " + e.getMessage(),
                    syntaxMessage(kind, e.getMessage()));
        }
        checkElements(kind, what, document);
        if (!kind.namesPrincipals()) {
            return new StoredPolicy(world, document, Map.of());
        }
        Map<String, String> bindings = new LinkedHashMap<>();
        for (Statement statement : document.statements()) {
            checkPrincipals(world, kind, what, statement.principal(), bindings);
        }
        PolicyDocument bound = bindings.isEmpty()
                ? document
                : document.withAwsPrincipals(value -> bindings.getOrDefault(value, value));
        return new StoredPolicy(world, bound, bindings);
    }

    /** The elements a kind of policy must have, or must not. */
    private static void checkElements(PolicyKind kind, String what, PolicyDocument document) {
        Set<String> sids = new HashSet<>();
        for (Statement statement : document.statements()) {
            switch (kind) {
                case IDENTITY_POLICY, PERMISSIONS_BOUNDARY, SESSION_POLICY, SERVICE_CONTROL_POLICY -> {
                    if (statement.principal() != null) {
                        throw malformed(
                                kind,
                                what + " names a principal, which only resource-based policies do",
                                kind.service().equals("iam")
                                        ? "Policy document should not specify a principal."
                                        : syntaxMessage(kind, "Principal"));
                    }
                    if (statement.resources() == null && kind != PolicyKind.SERVICE_CONTROL_POLICY) {
                        throw malformed(
                                kind,
                                what + " has a statement without Resource or NotResource",
                                kind.service().equals("iam")
                                        ? "Policy statement must contain resources."
                                        : syntaxMessage(kind, "Resource"));
                    }
                }
                case TRUST_POLICY -> {
                    if (statement.principal() == null) {
                        throw malformed(
                                kind, what + " has a statement without Principal", "Missing required field Principal");
                    }
                    if (statement.resources() != null) {
                        throw malformed(
                                kind,
                                what + " has a Resource element, which trust policies must not have",
                                "Has prohibited field Resource");
                    }
                }
                case SECRET_RESOURCE_POLICY, KEY_POLICY, RESOURCE_CONTROL_POLICY -> {
                    if (statement.principal() == null) {
                        throw malformed(
                                kind,
                                what + " has a statement without Principal or NotPrincipal",
                                syntaxMessage(kind, "Principal"));
                    }
                }
            }
            // IAM refuses repeated statement ids in one policy.
            if (kind.service().equals("iam") && statement.sid() != null && !sids.add(statement.sid())) {
                throw malformed(
                        kind,
                        what + " repeats the Sid '" + statement.sid() + "'",
                        "Statement IDs (SID) in a single policy must be unique.");
            }
        }
    }

    private static void checkPrincipals(
            World world, PolicyKind kind, String what, Principals principals, Map<String, String> bindings) {
        if (principals == null || principals.everyone()) {
            return;
        }
        for (Map.Entry<String, List<String>> entry : principals.byType().entrySet()) {
            for (String value : entry.getValue()) {
                switch (entry.getKey()) {
                    case "AWS" -> checkAwsPrincipal(world, kind, what, value, bindings);
                    case "Service" -> {
                        if (!SERVICE.matcher(value).matches()) {
                            throw invalidPrincipal(
                                    kind,
                                    what,
                                    "Service",
                                    value,
                                    "is not a service principal such as secretsmanager.amazonaws.com");
                        }
                    }
                    default -> {
                        // Federated and CanonicalUser principals are accepted as written: nothing here signs as them.
                    }
                }
            }
        }
    }

    private static void checkAwsPrincipal(
            World world, PolicyKind kind, String what, String value, Map<String, String> bindings) {
        if (value.equals("*")) {
            return;
        }
        if (value.indexOf('*') >= 0 || value.indexOf('?') >= 0) {
            // IAM User Guide, Principal: "You cannot use a wildcard to match part of a principal name or ARN."
            throw invalidPrincipal(
                    kind,
                    what,
                    "AWS",
                    value,
                    "has a wildcard in part of it; use \"*\" with an " + "aws:PrincipalArn condition instead");
        }
        if (ACCOUNT_ID.matcher(value).matches()) {
            requireAccount(world, kind, what, value, value);
            return;
        }
        Matcher iam = IAM_ARN.matcher(value);
        if (iam.matches()) {
            Account account = requireAccount(world, kind, what, value, iam.group(1));
            String resource = iam.group(2);
            if (resource.equals("root")) {
                return;
            }
            Optional<? extends Principal> principal =
                    resource.startsWith("role/") ? account.findRoleByArn(value) : account.findUserByArn(value);
            Principal found = principal.orElseThrow(() -> invalidPrincipal(
                    kind,
                    what,
                    "AWS",
                    value,
                    "names no " + (resource.startsWith("role/") ? "role" : "user") + " (with this exact path) in "
                            + "account " + account.id()));
            bindings.put(value, found.uniqueId());
            return;
        }
        Matcher session = SESSION_ARN.matcher(value);
        if (session.matches()) {
            Account account = requireAccount(world, kind, what, value, session.group(1));
            if (account.role(session.group(2)).isEmpty()) {
                throw invalidPrincipal(kind, what, "AWS", value, "is a session of a role that does not exist");
            }
            return;
        }
        if (UNIQUE_ID.matcher(value).matches()) {
            if (world.findPrincipalById(value).isEmpty()) {
                throw invalidPrincipal(kind, what, "AWS", value, "is the unique id of no current user or role");
            }
            return;
        }
        throw invalidPrincipal(
                kind,
                what,
                "AWS",
                value,
                "is not an account id, a root, role, user or assumed-role " + "ARN, a unique id or \"*\"");
    }

    private static Account requireAccount(World world, PolicyKind kind, String what, String value, String accountId) {
        return world.findAccount(accountId)
                .orElseThrow(() -> invalidPrincipal(
                        kind,
                        what,
                        "AWS",
                        value,
                        "names account " + accountId + ", which does not exist in this world"));
    }

    private static AwsRefusedException invalidPrincipal(
            PolicyKind kind, String what, String type, String value, String problem) {
        String awsMessage = switch (kind) {
            case SECRET_RESOURCE_POLICY -> type.equals("Service") ? SM_SERVICE_PRINCIPAL : SM_PRINCIPAL;
            case KEY_POLICY -> KMS_PRINCIPAL;
            default ->
                "Invalid principal in policy: \"" + type.toUpperCase(java.util.Locale.ROOT) + "\":\"" + value + "\"";
        };
        return malformed(kind, what + " is refused: principal " + value + " " + problem, awsMessage);
    }

    private static String syntaxMessage(PolicyKind kind, @Nullable String detail) {
        return switch (kind) {
            case SECRET_RESOURCE_POLICY -> SM_SYNTAX;
            case TRUST_POLICY, IDENTITY_POLICY, PERMISSIONS_BOUNDARY -> IAM_SYNTAX;
            case SESSION_POLICY -> "The policy is not in the valid JSON format. " + detail;
            // KMS, Organizations and STS word syntax errors in ways not captured publicly: name what is wrong.
            default -> "The policy is not valid: " + detail;
        };
    }

    private static AwsRefusedException malformed(PolicyKind kind, String what, String awsMessage) {
        return new AwsRefusedException(what, kind.service(), kind.malformedCode(), 400, awsMessage);
    }
}
