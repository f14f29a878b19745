package dev.xacct.secrets.internal.diagnosis;

import dev.xacct.secrets.PolicyKind;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed AWS authorization failure message of the family
 * {@code User: <principal> is not authorized to perform: <action> on resource: <resource> because no <type> policy
 * allows the <action> action} and its variants: any prefix text (boto3's {@code An error occurred (...) when calling
 * the ... operation: }, Go's {@code api error AccessDeniedException: }), no principal, no {@code on resource:}
 * clause, {@code on the resource associated with this ciphertext}, no reason clause (the format used before about
 * 2021), {@code with an explicit deny in a <type> policy} optionally followed by {@code : <policy-arn>} or
 * {@code transitively through a <type> policy}, and any trailing text ({@code status code: 400, request id: ...},
 * the SDK's {@code (Service: ...)} suffix, a final period).
 *
 * <p>{@link #parse(String)} never throws.
 *
 * @param principal the principal AWS named after {@code User:}, as written (a session, user or role ARN); or
 *     {@code null} if the message names none
 * @param action the denied action, as written, such as {@code secretsmanager:GetSecretValue}; or {@code null}
 * @param resource the resource named after {@code on resource:}, as written: an ARN, or the raw secret id when
 *     Secrets Manager could not resolve it; {@code null} if the message has no {@code on resource:} clause
 * @param ciphertextResource whether the message says {@code on the resource associated with this ciphertext} (KMS
 *     Decrypt without a key id)
 * @param reason whether and how the message gives a reason
 * @param policyType the policy type in the reason clause; {@code null} when there is no reason clause or the type is
 *     not one AWS documents
 * @param policyArn the ARN of the denying policy, when an explicit deny ends with {@code : arn:...} (service and
 *     resource control policies, since about 2025); or {@code null}
 * @param transitiveType the policy type after {@code transitively through a}, or {@code null}
 */
public record DenialMessage(
        String principal,
        String action,
        String resource,
        boolean ciphertextResource,
        Reason reason,
        PolicyType policyType,
        String policyArn,
        PolicyType transitiveType) {

    /** Whether and how the message says why the request was denied. */
    public enum Reason {
        /** No reason clause: the older message format. */
        NONE,
        /** {@code because no <type> allows}: nothing allowed the action. */
        IMPLICIT,
        /** {@code with an explicit deny in a <type>}: a Deny statement matched. */
        EXPLICIT
    }

    /**
     * The policy types AWS names in reason clauses, each as AWS words it, and the policy it is; a resource-based
     * policy is the resource's own, which depends on the service.
     */
    public enum PolicyType {
        IDENTITY_BASED("identity-based policy", PolicyKind.IDENTITY_POLICY),
        RESOURCE_BASED("resource-based policy", null),
        SERVICE_CONTROL("service control policy", PolicyKind.SERVICE_CONTROL_POLICY),
        RESOURCE_CONTROL("resource control policy", PolicyKind.RESOURCE_CONTROL_POLICY),
        PERMISSIONS_BOUNDARY("permissions boundary", PolicyKind.PERMISSIONS_BOUNDARY),
        SESSION("session policy", PolicyKind.SESSION_POLICY),
        VPC_ENDPOINT("VPC endpoint policy", PolicyKind.VPC_ENDPOINT_POLICY);

        private final String wording;
        final PolicyKind kind;

        PolicyType(String wording, PolicyKind kind) {
            this.wording = wording;
            this.kind = kind;
        }

        /** {@return the type as AWS words it, such as {@code resource-based policy}} */
        public String wording() {
            return wording;
        }

        static PolicyType fromWording(String text) {
            // The text is one of TYPE's alternatives: any case, singular or plural, "-" or " " in "-based".
            String t = text == null
                    ? ""
                    : text.toLowerCase(Locale.ROOT)
                            .replace('-', ' ')
                            .replace("permission boundary", "permissions boundary");
            return Arrays.stream(values())
                    .filter(p -> t.startsWith(
                            p.wording.toLowerCase(Locale.ROOT).replace('-', ' ').replace(" policy", "")))
                    .findFirst()
                    .orElse(null);
        }
    }

    private static final String TYPE = "(identity[- ]based polic(?:y|ies)|resource[- ]based polic(?:y|ies)"
            + "|service control polic(?:y|ies)|resource control polic(?:y|ies)"
            + "|permissions? boundary(?: polic(?:y|ies))?"
            + "|session polic(?:y|ies)|VPC endpoint polic(?:y|ies))";

    private static final Pattern NOT_AUTHORIZED = Pattern.compile("(?i)not authorized to perform:?");

    private static final Pattern PRINCIPAL = Pattern.compile("(?:User:\\s*(\\S+)|(arn:\\S+))\\s+is\\s+$");

    private static final Pattern ACTION = Pattern.compile("^\\s*([A-Za-z0-9-]+:[A-Za-z0-9*]+|\\S+)");

    private static final Pattern ON_RESOURCE =
            Pattern.compile("^\\s+on resource:?\\s*(\\S+)", Pattern.CASE_INSENSITIVE);

    private static final Pattern ON_CIPHERTEXT =
            Pattern.compile("^\\s+on the resource associated with this ciphertext", Pattern.CASE_INSENSITIVE);

    private static final Pattern IMPLICIT = Pattern.compile("(?i)because no " + TYPE + " (?:allows?|permits?)");

    private static final Pattern IMPLICIT_ANY = Pattern.compile("(?i)because no (.+?) (?:allows?|permits?) ");

    private static final Pattern EXPLICIT = Pattern.compile("(?i)with an explicit deny in (?:an?|the)?\\s*" + TYPE);

    private static final Pattern EXPLICIT_ANY = Pattern.compile("(?i)with an explicit deny");

    private static final Pattern POLICY_ARN = Pattern.compile("^\\s*:\\s*(arn:\\S+)");

    private static final Pattern TRANSITIVE = Pattern.compile("(?i)^\\s+transitively through (?:an?|the)?\\s*" + TYPE);

    /** {@return the parsed message, or empty when it is {@code null} or lacks {@code not authorized to perform}} */
    public static Optional<DenialMessage> parse(String message) {
        if (message == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(doParse(message));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static DenialMessage doParse(String message) {
        Matcher na = NOT_AUTHORIZED.matcher(message);
        if (!na.find()) {
            return null;
        }
        String principal = null;
        Matcher p = PRINCIPAL.matcher(message.substring(0, na.start()));
        if (p.find()) {
            principal = cleanToken(p.group(1) != null ? p.group(1) : p.group(2));
        }
        String tail = message.substring(na.end());
        String action = null;
        Matcher a = ACTION.matcher(tail);
        if (a.find()) {
            action = cleanToken(a.group(1));
            tail = tail.substring(a.end());
        }
        String resource = null;
        boolean ciphertext = false;
        Matcher r = ON_RESOURCE.matcher(tail);
        if (r.find()) {
            resource = cleanToken(r.group(1));
            tail = tail.substring(r.end());
        } else {
            Matcher c = ON_CIPHERTEXT.matcher(tail);
            if (c.find()) {
                ciphertext = true;
                tail = tail.substring(c.end());
            }
        }
        Reason reason = Reason.NONE;
        PolicyType type = null;
        String policyArn = null;
        PolicyType transitive = null;
        Matcher ex = EXPLICIT.matcher(tail);
        Matcher im = IMPLICIT.matcher(tail);
        if (ex.find()) {
            reason = Reason.EXPLICIT;
            type = PolicyType.fromWording(ex.group(1));
            String after = tail.substring(ex.end());
            Matcher arn = POLICY_ARN.matcher(after);
            if (arn.find()) {
                policyArn = cleanToken(arn.group(1));
            }
            Matcher tr = TRANSITIVE.matcher(after);
            if (tr.find()) {
                transitive = PolicyType.fromWording(tr.group(1));
            }
        } else if (im.find()) {
            reason = Reason.IMPLICIT;
            type = PolicyType.fromWording(im.group(1));
        } else if (EXPLICIT_ANY.matcher(tail).find()) {
            reason = Reason.EXPLICIT;
        } else if (IMPLICIT_ANY.matcher(tail).find()) {
            reason = Reason.IMPLICIT;
        }
        return new DenialMessage(principal, action, resource, ciphertext, reason, type, policyArn, transitive);
    }

    /** Strips punctuation that ends a sentence or a list from a token taken from free text. */
    private static String cleanToken(String token) {
        String t = token == null ? "" : token.replaceAll("[.,;'\"]+$", "").replaceAll("^['\"]+", "");
        return t.isEmpty() ? null : t;
    }

    /** {@return the service prefix of the action, lower case, such as {@code secretsmanager}; or {@code null}} */
    public String actionService() {
        if (action == null) {
            return null;
        }
        int colon = action.indexOf(':');
        return colon <= 0 ? null : action.substring(0, colon).toLowerCase(Locale.ROOT);
    }
}
