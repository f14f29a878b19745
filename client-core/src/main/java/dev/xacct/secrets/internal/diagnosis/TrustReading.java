package dev.xacct.secrets.internal.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a role's trust policy says of one caller, read from the document itself: STS's AccessDenied does not tell a
 * trust policy without the caller from one that names it under a Condition the request did not meet (most often
 * {@code sts:ExternalId}), and the two call for opposite fixes.
 *
 * @param verdict what the document says
 * @param conditionKeys for {@link Verdict#ONLY_UNDER_CONDITION}: the condition keys of the statements that name the
 *     caller, sorted
 * @param externalIdOfEveryone whether every statement that allows sts:AssumeRole (at least one) requires an
 *     {@code sts:ExternalId}: the owner asks one of every principal, so a statement without it would bypass that
 */
public record TrustReading(Verdict verdict, Set<String> conditionKeys, boolean externalIdOfEveryone) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AWS_KEY = Pattern.compile("(?i)(aws|sts|saml):[a-z]{1,64}");

    /** What the trust policy says of the caller. */
    public enum Verdict {
        /** No Allow statement for sts:AssumeRole names the caller (nor its account, nor everyone). */
        NOT_NAMED,
        /** Allow statements name the caller, each only under a Condition. */
        ONLY_UNDER_CONDITION,
        /** An Allow statement names the caller without a Condition. */
        ALLOWED
    }

    /**
     * {@return whether adding a statement without a Condition for the caller would bypass the owner's condition} (the
     * policy names the caller only under one, or asks an {@code sts:ExternalId} of every principal): an applier must
     * refuse such a statement.
     */
    public boolean unconditionedStatementBypasses() {
        return verdict == Verdict.ONLY_UNDER_CONDITION || (verdict == Verdict.NOT_NAMED && externalIdOfEveryone);
    }

    /** Whether the trust policy names the caller only under an {@code sts:ExternalId} condition. */
    boolean requiresExternalId() {
        return verdict == Verdict.ONLY_UNDER_CONDITION
                && conditionKeys.stream().anyMatch(k -> k.equalsIgnoreCase("sts:ExternalId"));
    }

    /**
     * {@return what a trust policy (JSON, URL-decoded) says of the caller, a user or role ARN; {@code null} when either
     * cannot be read} A role with an unknown path matches by account and name.
     */
    public static TrustReading of(String trustPolicy, String caller) {
        String account = Arns.account(caller);
        if (trustPolicy == null || account == null) {
            return null;
        }
        JsonNode document;
        try {
            document = JSON.readTree(trustPolicy);
        } catch (java.io.IOException e) {
            return null;
        }
        boolean conditioned = false;
        int allows = 0;
        int withExternalId = 0;
        Set<String> keys = new TreeSet<>();
        for (JsonNode statement : each(document.path("Statement"))) {
            if (!"Allow".equals(statement.path("Effect").asText()) || !assumes(statement.path("Action"))) {
                continue;
            }
            JsonNode condition = statement.path("Condition");
            Set<String> these = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            condition.forEach(operator -> operator.fieldNames().forEachRemaining(these::add));
            allows++;
            withExternalId += these.contains("sts:ExternalId") ? 1 : 0;
            if (!names(statement.path("Principal"), caller, account)) {
                continue;
            }
            if (these.isEmpty()) {
                return new TrustReading(Verdict.ALLOWED, Set.of(), false);
            }
            conditioned = true;
            these.forEach(key -> keys.add(keyName(key)));
        }
        boolean everyone = allows > 0 && withExternalId == allows;
        return conditioned
                ? new TrustReading(Verdict.ONLY_UNDER_CONDITION, Set.copyOf(keys), everyone)
                : new TrustReading(Verdict.NOT_NAMED, Set.of(), everyone);
    }

    /**
     * A condition key as a diagnosis may name it: an AWS key's name ({@code sts:ExternalId}, {@code aws:PrincipalTag}
     * without the tag's name); anything else stays unnamed, since no text of a response reaches a diagnosis.
     */
    private static String keyName(String key) {
        Matcher m = AWS_KEY.matcher(key);
        return m.lookingAt() ? m.group() : "another condition key";
    }

    private static boolean assumes(JsonNode action) {
        return each(action).stream()
                .map(JsonNode::asText)
                .anyMatch(a -> a.equals("*") || a.equalsIgnoreCase("sts:*") || a.equalsIgnoreCase("sts:AssumeRole"));
    }

    private static boolean names(JsonNode principal, String caller, String account) {
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        for (JsonNode value : each(principal.path("AWS"))) {
            String p = value.asText();
            if (p.equals("*")
                    || p.equals(account)
                    || p.equals(caller)
                    || p.equals("arn:" + Arns.partition(caller) + ":iam::" + account + ":root")
                    || sameNameAnyPath(p, caller)) {
                return true;
            }
        }
        return false;
    }

    /** A role named without its path (from a session ARN) matches the role of that name at any path. */
    private static boolean sameNameAnyPath(String named, String caller) {
        return Arns.isRoleArn(named)
                && Arns.isRoleArn(caller)
                && caller.indexOf('/') == caller.lastIndexOf('/')
                && Arns.account(caller).equals(Arns.account(named))
                && Arns.nameOf(named).equals(Arns.nameOf(caller));
    }

    private static List<JsonNode> each(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(list::add);
        } else if (!node.isMissingNode() && !node.isNull()) {
            list.add(node);
        }
        return list;
    }
}
