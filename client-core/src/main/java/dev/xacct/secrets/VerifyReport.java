package dev.xacct.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link XacctSecretsClient#verify} found: who the caller really is, and per secret OK or the diagnosis.
 * Readable as text and as JSON; never contains a secret value.
 */
public final class VerifyReport {

    /**
     * Made on the first JSON use, not when the class loads: an {@code ObjectMapper} loads some 280 classes, which a
     * cold start reading a plain string (a Lambda function's first read) should not pay for.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /**
     * The outcome for one secret.
     *
     * @param secret the secret
     * @param diagnosis OK or why it cannot be read
     */
    public record Result(SecretRef secret, Diagnosis diagnosis) {

        /**
         * Creates a result.
         *
         * @param secret the secret
         * @param diagnosis OK or why it cannot be read
         */
        public Result {
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(diagnosis, "diagnosis");
        }

        /**
         * Whether the secret was read.
         *
         * @return whether the secret was read
         */
        public boolean isOk() {
            return diagnosis.code() == DiagnosisCode.OK;
        }
    }

    private final @Nullable String caller;
    private final @Nullable String callerWarning;
    private final List<Result> results;

    /**
     * Creates a report.
     *
     * @param caller the caller's ARN from STS, or {@code null} if it could not be found out
     * @param callerWarning a note about the caller (such as "not the configured role"), or {@code null}
     * @param results the outcome per secret, in the order asked
     */
    public VerifyReport(@Nullable String caller, @Nullable String callerWarning, List<Result> results) {
        this.caller = caller;
        this.callerWarning = callerWarning;
        this.results = List.copyOf(results);
    }

    /**
     * The caller's ARN as STS reports it, or {@code null} if STS could not be asked.
     *
     * @return the caller's ARN as STS reports it, or {@code null} if STS could not be asked
     */
    public @Nullable String caller() {
        return caller;
    }

    /**
     * A note about the caller, such as "not the configured role", or {@code null}.
     *
     * @return a note about the caller, such as "not the configured role", or {@code null}
     */
    public @Nullable String callerWarning() {
        return callerWarning;
    }

    /**
     * The outcome per secret.
     *
     * @return the outcome per secret
     */
    public List<Result> results() {
        return results;
    }

    /**
     * Whether every secret was read.
     *
     * @return whether every secret was read
     */
    public boolean isOk() {
        return results.stream().allMatch(Result::isOk);
    }

    /**
     * The failed results.
     *
     * @return the failed results
     */
    public List<Result> failures() {
        return results.stream().filter(result -> !result.isOk()).toList();
    }

    /**
     * Returns this report if every secret was read.
     *
     * @return this report
     * @throws VerificationException carrying this report, whose message is {@link #toText()}
     */
    public VerifyReport requireOk() {
        if (!isOk()) {
            throw new VerificationException(this);
        }
        return this;
    }

    /**
     * The report for a person: the caller, a line per secret, then the fix for each failure.
     *
     * @return the report for a person: the caller, a line per secret, then the fix for each failure
     */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append("Caller: ").append(caller == null ? "unknown" : caller).append('\n');
        if (callerWarning != null) {
            text.append("  ! ").append(callerWarning).append('\n');
        }
        for (Result result : results) {
            Diagnosis d = result.diagnosis();
            text.append(result.isOk() ? "  OK  " : "  " + d.code() + "  ").append(result.secret());
            if (!result.isOk()) {
                text.append("\n      ").append(d.summary());
            }
            text.append('\n');
        }
        for (Result result : failures()) {
            text.append('\n')
                    .append(result.secret())
                    .append('\n')
                    .append(result.diagnosis().toText())
                    .append('\n');
        }
        return text.toString();
    }

    /**
     * The report as one JSON object: {@code {"caller": ..., "results": [{"secret", "code", "account", "policy",
     * "action", "summary", "fix", "fixes", "requestId"}]}}; {@code fix} is the first fix or {@code null}; each fix is
     * {@code {"account", "policy", "target", "instruction", "statement", "action"}}, its {@code action} the change a
     * program can apply (see {@link Fix#action()}) or {@code null}.
     *
     * @return the report as one JSON object: {@code {"caller": ..., "results": [{"secret", "code", "account", "policy",
     *     "action", "summary", "fix", "fixes", "requestId"}]}}; {@code fix} is the first fix or {@code null}; each fix
     *     is {@code {"account", "policy", "target", "instruction", "statement", "action"}}, its {@code action} the
     *     change a program can apply (see {@link Fix#action()}) or {@code null}
     */
    public String toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("caller", caller);
        if (callerWarning != null) {
            root.put("callerWarning", callerWarning);
        }
        ArrayNode array = root.putArray("results");
        for (Result result : results) {
            Diagnosis d = result.diagnosis();
            ObjectNode node = array.addObject()
                    .put("secret", result.secret().toString())
                    .put("code", d.code().name())
                    .put("account", d.account())
                    .put("policy", d.policy() == null ? null : d.policy().name())
                    .put("action", d.action())
                    .put("summary", d.summary());
            ArrayNode fixes = Json.MAPPER.createArrayNode();
            d.fixes().forEach(fix -> fixes.add(fixJson(fix)));
            node.set("fix", fixes.isEmpty() ? null : fixes.get(0));
            node.set("fixes", fixes);
            node.put("requestId", d.requestId());
        }
        return root.toString();
    }

    private static ObjectNode fixJson(Fix fix) {
        ObjectNode node = Json.MAPPER
                .createObjectNode()
                .put("account", fix.account())
                .put("policy", fix.policy() == null ? null : fix.policy().name())
                .put("target", fix.target())
                .put("instruction", fix.instruction());
        node.set("statement", fix.statement() == null ? null : parse(fix.statement()));
        node.set("action", actionJson(fix.action()));
        return node;
    }

    /**
     * The fix's action: {@code {"type": "merge-statement", "policy", "target", "statement"}},
     * {@code {"type": "attach-identity-policy", "principal", "policyName", "document"}},
     * {@code {"type": "run-command", "command": [...], "commandLine"}}, or {@code null} for a person's decision.
     */
    private static JsonNode actionJson(Fix.@Nullable Action action) {
        if (action == null) {
            return Json.MAPPER.getNodeFactory().nullNode();
        }
        ObjectNode node = Json.MAPPER.createObjectNode().put("type", action.type());
        if (action instanceof Fix.MergeStatement merge) {
            node.put("policy", merge.policy().name()).put("target", merge.targetArn());
            node.set("statement", parse(merge.statement()));
        } else if (action instanceof Fix.AttachIdentityPolicy attach) {
            node.put("principal", attach.principalArn()).put("policyName", attach.policyName());
            node.set("document", parse(attach.document()));
        } else if (action instanceof Fix.RunCommand run) {
            ArrayNode words = node.putArray("command");
            run.command().forEach(words::add);
            node.put("commandLine", run.commandLine());
        }
        return node;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Json.MAPPER.getNodeFactory().textNode(json);
        }
    }

    @Override
    public String toString() {
        return "VerifyReport[caller=" + caller + ", ok="
                + results.stream().filter(Result::isOk).count() + "/" + results.size() + "]";
    }
}
