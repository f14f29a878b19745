package dev.xacct.secrets.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.Fix;
import dev.xacct.secrets.PolicyKind;
import dev.xacct.secrets.SecretRef;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The text of the failure reports: what failed, then who must change which policy, with the statement to add. */
final class FailureReports {

    private static final String INDENT = "    ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<DiagnosisCode> CANDIDATES =
            EnumSet.of(DiagnosisCode.KMS_ACCESS_DENIED, DiagnosisCode.ACCESS_DENIED, DiagnosisCode.ASSUME_ROLE_DENIED);

    private FailureReports() {}

    /** The description of one secret's failure: code, caller, summary and explanation. */
    static String description(SecretRef secret, Diagnosis diagnosis) {
        StringBuilder text = new StringBuilder();
        text.append("The secret ")
                .append(secret)
                .append(" cannot be read: ")
                .append(diagnosis.code())
                .append('\n');
        text.append('\n');
        text.append(INDENT).append("Caller:  ").append(caller(diagnosis)).append('\n');
        if (diagnosis.action() != null) {
            text.append(INDENT).append("Call:    ").append(diagnosis.action()).append('\n');
        }
        text.append(INDENT).append("Problem: ").append(diagnosis.summary()).append('\n');
        text.append('\n').append(diagnosis.explanation());
        if (diagnosis.awsErrorCode() != null) {
            text.append("\n\nAWS error: ").append(diagnosis.awsErrorCode());
            if (diagnosis.requestId() != null) {
                text.append(", request id ").append(diagnosis.requestId());
            }
        }
        return text.toString();
    }

    /**
     * The fixes of one diagnosis: per fix the account, the policy and its target, the instruction and the statement
     * to add; or, with no fix, what can be done.
     */
    static String fixes(Diagnosis diagnosis) {
        List<Fix> fixes = diagnosis.fixes();
        StringBuilder text = new StringBuilder();
        if (fixes.isEmpty()) {
            text.append(
                    diagnosis.code().isTransient()
                            ? "This failure is transient (" + diagnosis.code() + "): no policy needs to change."
                            : "No policy change is known to fix this (" + diagnosis.code()
                                    + "): see the problem above.");
            return text.toString();
        }
        // Some codes list candidates (AWS did not say which policy is missing), others steps that all apply.
        boolean candidates = CANDIDATES.contains(diagnosis.code())
                || (diagnosis.code() == DiagnosisCode.SECRET_RESOURCE_POLICY && diagnosis.policy() == null);
        if (fixes.size() > 1) {
            text.append(
                    candidates
                            ? "AWS does not say which of these is missing; check each:\n\n"
                            : "Make each of these changes:\n\n");
        }
        for (int i = 0; i < fixes.size(); i++) {
            Fix fix = fixes.get(i);
            if (i > 0) {
                text.append('\n');
            }
            if (fixes.size() > 1) {
                text.append(candidates ? "Fix " : "Change ")
                        .append(i + 1)
                        .append(" of ")
                        .append(fixes.size())
                        .append(": ");
            }
            text.append("In account ")
                    .append(fix.account() == null ? "(unknown)" : fix.account())
                    .append(", change ")
                    .append(
                            fix.policy() == null
                                    ? "the configuration"
                                    : fix.policy().phrase());
            if (fix.target() != null) {
                text.append(" on ").append(fix.target());
            }
            text.append(".\n").append(fix.instruction()).append('\n');
            if (fix.statement() != null) {
                text.append('\n');
                fix.statement()
                        .lines()
                        .forEach(line -> text.append(INDENT).append(line).append('\n'));
            }
        }
        return text.toString().stripTrailing();
    }

    /**
     * Who made the call: as AWS or the client named it, else the principal the fixes are written for (AWS names no
     * caller in KMS denials, and a client with a role knows only the role), else unknown.
     */
    static String caller(Diagnosis diagnosis) {
        if (diagnosis.callerArn() != null) {
            return diagnosis.callerArn();
        }
        for (Fix fix : diagnosis.fixes()) {
            String principal = principal(fix.statement());
            if (principal != null) {
                return principal;
            }
            if (fix.policy() == PolicyKind.IDENTITY_POLICY && fix.target() != null) {
                return fix.target();
            }
        }
        return "unknown (AWS did not name it)";
    }

    /** The first {@code Principal.AWS} of a statement or policy document, or {@code null}. */
    private static @Nullable String principal(@Nullable String statement) {
        if (statement == null) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(statement);
            JsonNode statements = root.has("Statement") ? root.get("Statement") : root;
            for (JsonNode node : statements.isArray() ? statements : List.of(statements)) {
                JsonNode aws = node.path("Principal").path("AWS");
                JsonNode first = aws.isArray() ? aws.path(0) : aws;
                if (first.isTextual() && first.asText().startsWith("arn:")) {
                    return first.asText();
                }
            }
        } catch (JsonProcessingException e) {
            // Not JSON after all: no principal to show.
        }
        return null;
    }

    /** The command that checks access without starting the application. */
    static String verifyCommand(List<SecretRef> secrets, @Nullable String roleArn) {
        StringBuilder command = new StringBuilder("java -jar xacct-secrets-cli.jar verify");
        secrets.forEach(secret -> command.append(" --secret ").append(secret));
        if (roleArn != null) {
            command.append(" --role-arn ").append(roleArn);
        }
        return command.toString();
    }

    /** The role of a caller: the role ARN itself, or the role a session ARN is of; else {@code null}. */
    static @Nullable String roleOf(@Nullable String callerArn) {
        if (callerArn != null && callerArn.startsWith("arn:") && callerArn.contains(":role/")) {
            return callerArn;
        }
        if (callerArn == null || !callerArn.contains(":assumed-role/")) {
            return null;
        }
        String[] parts = callerArn.split(":", 6);
        String[] path = parts[5].split("/", -1);
        return path.length < 3 ? null : "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + path[1];
    }
}
