package dev.xacct.secrets.internal.diagnosis;

import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.Fix;
import dev.xacct.secrets.PolicyKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a {@link dev.xacct.secrets.Diagnosis}, as the engine computes them; the public class copies them into
 * its immutable fields. Mutable, not thread-safe, internal.
 */
public final class DiagnosisParts {

    private DiagnosisCode code = DiagnosisCode.UNKNOWN;
    private String account;
    private PolicyKind policy;
    private String action;
    private String resource;
    private String callerArn;
    private String summary;
    private String explanation;
    private final List<Fix> fixes = new ArrayList<>();
    private String requestId;
    private String awsErrorCode;
    private String awsMessage;

    /**
     * Sets the code.
     *
     * @param code the code
     * @return this
     */
    public DiagnosisParts code(DiagnosisCode code) {
        this.code = code;
        return this;
    }

    /**
     * Sets the account that must act.
     *
     * @param account the account, or {@code null}
     * @return this
     */
    public DiagnosisParts account(String account) {
        this.account = account;
        return this;
    }

    /**
     * Sets the policy.
     *
     * @param policy the policy, or {@code null}
     * @return this
     */
    public DiagnosisParts policy(PolicyKind policy) {
        this.policy = policy;
        return this;
    }

    /**
     * Sets the action.
     *
     * @param action the action, or {@code null}
     * @return this
     */
    public DiagnosisParts action(String action) {
        this.action = action;
        return this;
    }

    /**
     * Sets the resource.
     *
     * @param resource the resource, or {@code null}
     * @return this
     */
    public DiagnosisParts resource(String resource) {
        this.resource = resource;
        return this;
    }

    /**
     * Sets the caller's ARN.
     *
     * @param callerArn the ARN, or {@code null}
     * @return this
     */
    public DiagnosisParts callerArn(String callerArn) {
        this.callerArn = callerArn;
        return this;
    }

    /**
     * Sets the summary.
     *
     * @param summary the summary
     * @return this
     */
    public DiagnosisParts summary(String summary) {
        this.summary = summary;
        return this;
    }

    /**
     * Sets the explanation.
     *
     * @param explanation the explanation
     * @return this
     */
    public DiagnosisParts explanation(String explanation) {
        this.explanation = explanation;
        return this;
    }

    /**
     * Adds a fix.
     *
     * @param fix the fix; ignored if {@code null}
     * @return this
     */
    public DiagnosisParts addFix(Fix fix) {
        if (fix != null) {
            fixes.add(fix);
        }
        return this;
    }

    /**
     * Sets the request id.
     *
     * @param requestId the request id, or {@code null}
     * @return this
     */
    public DiagnosisParts requestId(String requestId) {
        this.requestId = requestId;
        return this;
    }

    /**
     * Sets the AWS error code.
     *
     * @param awsErrorCode the code, or {@code null}
     * @return this
     */
    public DiagnosisParts awsErrorCode(String awsErrorCode) {
        this.awsErrorCode = awsErrorCode;
        return this;
    }

    /**
     * Sets the AWS message.
     *
     * @param awsMessage the message, or {@code null}
     * @return this
     */
    public DiagnosisParts awsMessage(String awsMessage) {
        this.awsMessage = awsMessage;
        return this;
    }

    /** @return the code */
    public DiagnosisCode code() {
        return code;
    }

    /** @return the account, or {@code null} */
    public String account() {
        return account;
    }

    /** @return the policy, or {@code null} */
    public PolicyKind policy() {
        return policy;
    }

    /** @return the action, or {@code null} */
    public String action() {
        return action;
    }

    /** @return the resource, or {@code null} */
    public String resource() {
        return resource;
    }

    /** @return the caller's ARN, or {@code null} */
    public String callerArn() {
        return callerArn;
    }

    /** @return the summary */
    public String summary() {
        return summary;
    }

    /** @return the explanation */
    public String explanation() {
        return explanation;
    }

    /** @return a copy of the fixes */
    public List<Fix> fixes() {
        return List.copyOf(fixes);
    }

    /** @return the request id, or {@code null} */
    public String requestId() {
        return requestId;
    }

    /** @return the AWS error code, or {@code null} */
    public String awsErrorCode() {
        return awsErrorCode;
    }

    /** @return the AWS message, or {@code null} */
    public String awsMessage() {
        return awsMessage;
    }
}
