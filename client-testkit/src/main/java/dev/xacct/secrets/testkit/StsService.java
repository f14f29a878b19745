package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.Authorizer.Target;
import dev.xacct.secrets.testkit.internal.FormBody;
import dev.xacct.secrets.testkit.internal.Xml;
import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import dev.xacct.secrets.testkit.internal.iam.ResourcePolicyMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** STS {@code AssumeRole} (trust policy and identity policy, external id, duration, session policy) and
 * {@code GetCallerIdentity}. */
final class StsService {

    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Duration MIN_DURATION = Duration.ofMinutes(15);
    private static final Duration CHAINED_MAX = Duration.ofHours(1);

    private final World world;
    private final Authorizer authorizer;

    StsService(World world, Authorizer authorizer) {
        this.world = world;
        this.authorizer = authorizer;
    }

    String handle(Call call, FormBody form) {
        return switch (call.operation) {
            case "GetCallerIdentity" -> getCallerIdentity(call);
            case "AssumeRole" -> assumeRole(call, form);
            default ->
                throw AwsError.badRequest(
                        "InvalidAction", "Could not find operation " + call.operation + " for version 2011-06-15");
        };
    }

    private String getCallerIdentity(Call call) {
        return response(
                call,
                "GetCallerIdentity",
                new Xml()
                        .element("Arn", call.caller.arn())
                        .element("UserId", call.caller.userId())
                        .element("Account", call.caller.accountId()));
    }

    private String assumeRole(Call call, FormBody form) {
        String roleArn = required(form, "RoleArn", "roleArn");
        String sessionName = required(form, "RoleSessionName", "roleSessionName");
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw validation("Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: Member "
                    + "must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64");
        }
        String externalId = form.get("ExternalId");
        if (externalId != null && (externalId.length() < 2 || externalId.length() > 1224)) {
            throw validation("Value '" + externalId + "' at 'externalId' failed to satisfy constraint: Member must "
                    + "have length between 2 and 1224");
        }
        Duration duration = duration(form.get("DurationSeconds"));
        PolicyDocument sessionPolicy = sessionPolicy(form.get("Policy"));

        IamRole role = world.findAccount(accountOf(roleArn))
                .flatMap(account -> account.findRoleByArn(roleArn))
                .orElse(null);
        Map<String, List<String>> context = new HashMap<>();
        context.put("sts:RoleSessionName", List.of(sessionName));
        if (externalId != null) {
            context.put("sts:ExternalId", List.of(externalId));
        }
        // STS words its denial without a reason clause, and the same for a role that does not exist.
        if (role == null
                || !authorizer
                        .decide(
                                call,
                                new Target(
                                        "sts:AssumeRole",
                                        roleArn,
                                        accountOf(roleArn),
                                        role.trustPolicyDocument(),
                                        ResourcePolicyMode.REQUIRED,
                                        role.tags()),
                                context)
                        .allowed()) {
            throw Authorizer.accessDenied(call, "sts:AssumeRole", " on resource: " + roleArn, "");
        }
        boolean chained = !call.caller.isUser();
        if (chained && duration.compareTo(CHAINED_MAX) > 0) {
            throw validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
                    + "role chaining.");
        }
        if (duration.compareTo(role.maxSessionDuration()) > 0) {
            throw validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }

        Instant expiration = call.now.plus(duration).truncatedTo(ChronoUnit.SECONDS);
        AccessKey key = role.issueSession(sessionName, sessionPolicy, expiration);
        Caller session = Caller.session(role, sessionName, sessionPolicy);
        Xml result = new Xml()
                .open("Credentials")
                .element("AccessKeyId", key.accessKeyId())
                .element("SecretAccessKey", key.secretAccessKey())
                .element("SessionToken", key.sessionToken())
                .element("Expiration", expiration.toString())
                .close("Credentials")
                .open("AssumedRoleUser")
                .element("AssumedRoleId", session.userId())
                .element("Arn", session.arn())
                .close("AssumedRoleUser");
        if (sessionPolicy != null) {
            result.element(
                    "PackedPolicySize", Math.min(100, sessionPolicy.json().length() / 20));
        }
        return response(call, "AssumeRole", result);
    }

    private static Duration duration(String seconds) {
        if (seconds == null) {
            return Duration.ofHours(1);
        }
        long value;
        try {
            value = Long.parseLong(seconds);
        } catch (NumberFormatException e) {
            throw validation("Value '" + seconds + "' at 'durationSeconds' failed to satisfy constraint: Member must "
                    + "be a number");
        }
        if (value < MIN_DURATION.toSeconds()) {
            throw validation("Value '" + seconds + "' at 'durationSeconds' failed to satisfy constraint: Member must "
                    + "have value greater than or equal to 900");
        }
        return Duration.ofSeconds(value);
    }

    private @Nullable PolicyDocument sessionPolicy(@Nullable String json) {
        if (json == null) {
            return null;
        }
        try {
            return PolicyValidator.store(world, PolicyKind.SESSION_POLICY, "session policy", json)
                    .document();
        } catch (AwsRefusedException e) {
            throw e.toAwsError();
        }
    }

    private static String required(FormBody form, String name, String member) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw validation("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static AwsError validation(String detail) {
        return AwsError.badRequest(
                "ValidationError",
                detail.startsWith("The requested") ? detail : "1 validation error detected: " + detail);
    }

    private static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length > 4 ? parts[4] : "";
    }

    static String response(Call call, String operation, Xml result) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<" + operation + "Response xmlns=\"" + call.protocol.xmlNamespace() + "\">"
                + "<" + operation + "Result>" + result.body() + "</" + operation + "Result>"
                + "<ResponseMetadata><RequestId>" + call.requestId + "</RequestId></ResponseMetadata>"
                + "</" + operation + "Response>";
    }
}
