package dev.xacct.secrets.internal.diagnosis;

import static dev.xacct.secrets.DiagnosisCode.AWS_MANAGED_KEY;
import static dev.xacct.secrets.DiagnosisCode.EXPIRED_CREDENTIALS;
import static dev.xacct.secrets.DiagnosisCode.INVALID_CREDENTIALS;
import static dev.xacct.secrets.DiagnosisCode.INVALID_SECRET_ID;
import static dev.xacct.secrets.DiagnosisCode.REGION_MISMATCH;
import static dev.xacct.secrets.DiagnosisCode.SECRET_DELETED;
import static dev.xacct.secrets.DiagnosisCode.SECRET_NOT_FOUND;
import static dev.xacct.secrets.DiagnosisCode.VERSION_NOT_FOUND;
import static dev.xacct.secrets.internal.diagnosis.Facts.Detail.CLOCK_SKEW;
import static dev.xacct.secrets.internal.diagnosis.Facts.Detail.INVALID_PARAMETER;
import static dev.xacct.secrets.internal.diagnosis.Facts.Detail.NONE;
import static dev.xacct.secrets.internal.diagnosis.Facts.Detail.SIGNATURE;
import static dev.xacct.secrets.internal.diagnosis.Facts.Detail.STAGE_VERSION_MISMATCH;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.DiagnosisContext;
import dev.xacct.secrets.DiagnosisContext.Step;
import dev.xacct.secrets.PolicyKind;
import dev.xacct.secrets.internal.diagnosis.AwsFailure.Service;
import dev.xacct.secrets.internal.diagnosis.DenialMessage.PolicyType;
import dev.xacct.secrets.internal.diagnosis.DenialMessage.Reason;
import dev.xacct.secrets.internal.diagnosis.Facts.Detail;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Maps a failure and its context to a {@link DiagnosisCode}, the policy, the account that must act, the action and
 * the resource; {@link Reports} then writes the words and the fixes. Pure: no I/O, no clock, no logging.
 *
 * <p>The rules follow aws-errors.md §2: Secrets Manager denials are 400 {@code AccessDeniedException}; the reason
 * clause names only one policy type; "no resource-based policy" is also what a region mismatch produces; a bare name
 * in {@code on resource:} means the name did not resolve in the caller's account; "Access to KMS is not allowed"
 * does not say which policy; the AWS managed key trap is an {@code InvalidRequestException}; KMS key state errors
 * arrive wrapped in {@code DecryptionFailure}.
 */
final class Classifier {

    private static final Set<String> INVALID_CREDENTIAL_CODES = Set.of(
            "unrecognizedclient", "invalidclienttokenid", "incompletesignature", "missingauthenticationtoken",
            "invalidaccesskeyid", "invalidtoken", "authfailure");

    private static final Set<String> SIGNATURE_CODES = Set.of("invalidsignature", "signaturedoesnotmatch");

    private static final Set<String> EXPIRED_CODES = Set.of(
            "expiredtoken", "requestexpired", "requesttimetooskewed");

    private static final Set<String> THROTTLING_CODES = Set.of(
            "throttling", "throttled", "toomanyrequests", "requestlimitexceeded", "requestthrottled",
            "provisionedthroughputexceeded", "slowdown", "bandwidthlimitexceeded", "priorrequestnotcomplete",
            "ec2throttled", "transactioninprogress");

    private static final Set<String> SERVICE_ERROR_CODES = Set.of(
            "internalserviceerror", "internalfailure", "internalerror", "internalservererror", "kmsinternal",
            "serviceunavailable", "keyunavailable", "dependencytimeout", "servicefailure", "internal",
            "serviceexception");

    private static final Pattern INNER_CODE = Pattern.compile("Error Code: ([A-Za-z]+)");

    private static final Pattern SECRET_ID_PARAMETER = Pattern.compile(
            "(?i)secret ?id|invalid name|\\bname\\b|\\barn\\b");

    /**
     * One row of a decision table: AWS's error code (base form, lower case), a test on the message (lower case) and
     * the facts, and what it decides: the code, the policy, the sub-case and the account that must act.
     */
    private record Rule(Set<String> codes, BiPredicate<Facts, String> when, DiagnosisCode code, PolicyKind policy,
                        Detail detail, Function<Facts, String> account) {
    }

    private static final BiPredicate<Facts, String> ANY = (x, m) -> true;
    private static final Function<Facts, String> CALLER = x -> x.callerAccount;
    private static final Function<Facts, String> OWNER = x -> x.secretAccount;
    private static final Function<Facts, String> NOBODY = x -> null;

    /** Credentials AWS refused, first match wins. */
    private static final List<Rule> CREDENTIAL_RULES = List.of(
            new Rule(INVALID_CREDENTIAL_CODES, ANY, INVALID_CREDENTIALS, null, NONE, CALLER),
            new Rule(SIGNATURE_CODES, says("signature expired", "signature not yet current"),
                    EXPIRED_CREDENTIALS, null, CLOCK_SKEW, CALLER),
            new Rule(SIGNATURE_CODES, ANY, INVALID_CREDENTIALS, null, SIGNATURE, CALLER),
            new Rule(Set.of("requesttimetooskewed"), ANY, EXPIRED_CREDENTIALS, null, CLOCK_SKEW, CALLER),
            new Rule(EXPIRED_CODES, ANY, EXPIRED_CREDENTIALS, null, NONE, CALLER));

    /** Secrets Manager's own errors (not denials), first match wins (aws-errors.md §2). */
    private static final List<Rule> SECRETS_MANAGER_RULES = List.of(
            new Rule(Set.of("resourcenotfound"), says("staging label", "versionid", "version id", "secret value for"),
                    VERSION_NOT_FOUND, null, NONE, NOBODY),
            new Rule(Set.of("resourcenotfound"), (x, m) -> x.regionMismatch(),
                    REGION_MISMATCH, null, NONE, CALLER),
            new Rule(Set.of("resourcenotfound"), ANY, SECRET_NOT_FOUND, null, NONE, CALLER),
            new Rule(Set.of("invalidrequest"), (x, m) -> m.contains("default kms service key")
                    || m.contains("aws/secretsmanager") && m.contains("different"),
                    AWS_MANAGED_KEY, PolicyKind.KEY_POLICY, NONE, OWNER),
            new Rule(Set.of("invalidrequest"), says("marked for deletion", "scheduled for deletion"),
                    SECRET_DELETED, null, NONE, OWNER),
            new Rule(Set.of("invalidrequest"), says("versionstage that is not associated",
                    "not associated to the provided versionid"),
                    VERSION_NOT_FOUND, null, STAGE_VERSION_MISMATCH, NOBODY),
            new Rule(Set.of("invalidparameter", "validation", "validationerror"),
                    (x, m) -> SECRET_ID_PARAMETER.matcher(m).find(),
                    INVALID_SECRET_ID, null, INVALID_PARAMETER, CALLER));

    private static BiPredicate<Facts, String> says(String... words) {
        return (x, m) -> Arrays.stream(words).anyMatch(m::contains);
    }

    private Classifier() {
    }

    /**
     * Diagnoses a failure as {@link AwsFailure#from} read it.
     *
     * @param f the failure as read
     * @param noFailure whether no failure was given at all
     * @param context what the caller knows, may be {@code null}
     * @param trustPolicy the role's trust policy, as iam:GetRole returned it, may be {@code null}
     * @return the parts of the diagnosis
     */
    static Diagnosis.Builder classify(AwsFailure f, boolean noFailure, DiagnosisContext context,
            String trustPolicy) {
        DiagnosisContext ctx = context == null ? DiagnosisContext.empty() : context;
        Facts x = gather(f, ctx);
        x.trustPolicy = trustPolicy;
        if (noFailure) {
            x.code = DiagnosisCode.UNKNOWN;
            x.detail = Detail.NO_FAILURE;
        } else {
            decide(x, f);
        }
        return Reports.write(x);
    }

    /**
     * Refines a {@link DiagnosisCode#KMS_ACCESS_DENIED} with the client's KMS probe result.
     *
     * @param which {@link PolicyKind#KEY_POLICY} or {@link PolicyKind#IDENTITY_POLICY}
     * @param context what the caller knows, may be {@code null}
     * @param evidence what the probe found, may be {@code null}
     * @param original the fields of the original diagnosis to keep: request id, AWS code, AWS message, resource and
     *     caller ARN (each may be {@code null})
     * @return the parts of the refined diagnosis
     */
    static Diagnosis.Builder kmsSideDenied(PolicyKind which, DiagnosisContext context, String evidence,
                                           Diagnosis original) {
        DiagnosisContext ctx = context == null ? DiagnosisContext.empty() : context;
        Facts x = gather(AwsFailure.from(null), ctx.toBuilder().callerArn(
                ctx.callerArn() != null ? ctx.callerArn() : original.callerArn()).build());
        x.service = Service.KMS;
        x.awsCode = original.awsErrorCode();
        x.awsMessage = original.awsMessage();
        x.requestId = original.requestId();
        x.action = "kms:Decrypt";
        if (x.keyRef == null && original.resource() != null && Arns.isKeyArn(original.resource())) {
            setKey(x, original.resource());
        }
        x.resource = x.keyRef != null ? x.keyRef : original.resource();
        x.evidence = evidence == null || evidence.isBlank() ? null : evidence.trim();
        x.detail = Detail.PROBE;
        if (which == PolicyKind.KEY_POLICY) {
            x.code = DiagnosisCode.KEY_POLICY;
            x.policy = PolicyKind.KEY_POLICY;
            x.account = x.keyAccount;
        } else {
            x.code = DiagnosisCode.IDENTITY_POLICY;
            x.policy = PolicyKind.IDENTITY_POLICY;
            x.account = x.callerAccount;
        }
        return Reports.write(x);
    }

    /**
     * The parts of a successful read.
     *
     * @param context what the caller knows, may be {@code null}
     * @param requestId the request id of the successful call, may be {@code null}
     * @return the parts
     */
    static Diagnosis.Builder ok(DiagnosisContext context, String requestId) {
        DiagnosisContext ctx = context == null ? DiagnosisContext.empty() : context;
        Facts x = gather(AwsFailure.from(null), ctx);
        x.code = DiagnosisCode.OK;
        x.requestId = requestId;
        x.resource = x.secretRef;
        return Reports.write(x);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Gathering facts

    private static Facts gather(AwsFailure f, DiagnosisContext ctx) {
        Facts x = new Facts();
        x.ctx = ctx;
        x.awsCode = f.code();
        x.awsMessage = f.message();
        x.requestId = f.requestId();
        x.status = f.status();
        x.exceptionClass = f.exceptionClass();
        x.exceptionMessage = f.exceptionMessage();
        x.denial = f.isAwsError() ? DenialMessage.parse(f.message()).orElse(null) : null;
        if (f.message() != null) {
            Matcher inner = INNER_CODE.matcher(f.message());
            if (inner.find()) {
                x.innerCode = inner.group(1);
            }
        }
        x.service = serviceOf(f, x.denial, ctx.step());
        DenialMessage d = x.denial;

        // The caller, and the principal to name in policies.
        x.callerArn = d != null && d.principal() != null ? d.principal() : ctx.callerArn();
        x.principal = firstWithAccount(
                Arns.isRoleArn(ctx.roleArn()) ? ctx.roleArn() : null,
                d == null ? null : Arns.roleOfSession(d.principal()),
                Arns.roleOfSession(ctx.callerArn()),
                d == null ? null : d.principal(),
                ctx.callerArn());
        x.principalExact = x.principal != null && (x.principal.equals(ctx.roleArn()) || Arns.isUserArn(x.principal));
        x.externalId = ctx.externalId();
        x.endpoint = ctx.endpoint();
        x.callerAccount = firstNonNull(
                Arns.account(x.principal),
                d == null ? null : Arns.account(d.principal()),
                Arns.account(ctx.callerArn()));

        // The secret.
        String messageResource = d == null ? null : d.resource();
        boolean smResource = x.isSecretsManager() || "secretsmanager".equals(d == null ? null : d.actionService());
        x.secretArn = firstNonNull(
                Arns.isSecretArn(ctx.secretArn()) ? ctx.secretArn() : null,
                smResource && Arns.isSecretArn(messageResource) ? messageResource : null,
                Arns.isSecretArn(ctx.secretId()) ? ctx.secretId() : null);
        x.bareName = smResource && messageResource != null && !messageResource.startsWith("arn:")
                && !messageResource.contains("*");
        x.secretRef = firstNonNull(x.secretArn, smResource ? messageResource : null, ctx.secretId(), ctx.secretArn());
        String idForAccount = x.bareName ? null : x.secretArn;
        x.secretAccount = Arns.account(idForAccount);
        if (x.secretAccount == null && smResource && Arns.isArn(messageResource)) {
            x.secretAccount = Arns.account(messageResource);
        }
        if (x.secretAccount == null && (x.bareName
                || x.secretArn == null && ctx.secretId() != null && !ctx.secretId().startsWith("arn:"))) {
            // A bare name resolves in the caller's own account.
            x.secretAccount = x.callerAccount;
        }
        x.clientRegion = ctx.clientRegion();
        x.arnRegion = firstNonNull(
                Arns.region(ctx.secretArn()),
                Arns.region(ctx.secretId()),
                smResource ? Arns.region(messageResource) : null);

        // The KMS key: what AWS named first, then the context.
        String kmsFromMessage = null;
        if (d != null && Arns.isKeyArn(d.resource())) {
            kmsFromMessage = d.resource();
        } else if (f.message() != null) {
            String found = Arns.findKmsArn(f.message());
            if (Arns.isKeyArn(found)) {
                kmsFromMessage = found;
            }
        }
        if (kmsFromMessage != null) {
            setKey(x, kmsFromMessage);
        } else if (ctx.kmsKeyArn() != null) {
            setKey(x, ctx.kmsKeyArn());
        }
        boolean managedAlias = ctx.kmsKeyArn() != null && ctx.kmsKeyArn().endsWith("alias/aws/secretsmanager");
        x.managedKey = managedAlias ? Boolean.TRUE : ctx.awsManagedKey();

        // The action and resource, as AWS named them, else from the step.
        x.action = d != null && d.action() != null ? d.action() : actionOfStep(ctx.step(), x.service);
        x.resource = messageResource;
        return x;
    }

    private static void setKey(Facts x, String key) {
        x.keyRef = key;
        x.keyArn = Arns.isKeyArn(key) ? key : null;
        x.keyAccount = Arns.account(key);
    }

    private static Service serviceOf(AwsFailure f, DenialMessage d, Step step) {
        if (f.service() != Service.OTHER) {
            return f.service();
        }
        String prefix = d == null ? null : d.actionService();
        if (prefix != null) {
            Service s = AwsFailure.serviceNamed(prefix);
            if (s != Service.OTHER) {
                return s;
            }
        }
        if (step != null) {
            switch (step) {
                case GET_SECRET_VALUE:
                case DESCRIBE_SECRET:
                    return Service.SECRETS_MANAGER;
                case KMS_DECRYPT:
                case KMS_DESCRIBE_KEY:
                    return Service.KMS;
                case ASSUME_ROLE:
                case GET_CALLER_IDENTITY:
                    return Service.STS;
                default:
                    break;
            }
        }
        return Service.OTHER;
    }

    private static String actionOfStep(Step step, Service service) {
        if (step == null) {
            return null;
        }
        switch (step) {
            case GET_SECRET_VALUE:
                return "secretsmanager:GetSecretValue";
            case DESCRIBE_SECRET:
                return "secretsmanager:DescribeSecret";
            case KMS_DECRYPT:
                return "kms:Decrypt";
            case KMS_DESCRIBE_KEY:
                return "kms:DescribeKey";
            case ASSUME_ROLE:
                return "sts:AssumeRole";
            case GET_CALLER_IDENTITY:
                return "sts:GetCallerIdentity";
            default:
                return null;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Deciding

    private static void decide(Facts x, AwsFailure f) {
        if (!f.isAwsError()) {
            switch (f.transport()) {
                case NETWORK:
                    x.code = DiagnosisCode.SERVICE_ERROR;
                    x.detail = Detail.NETWORK;
                    return;
                case UNREADABLE:
                    x.code = DiagnosisCode.SERVICE_ERROR;
                    x.detail = Detail.UNREADABLE;
                    return;
                case NO_CREDENTIALS:
                    x.code = DiagnosisCode.INVALID_CREDENTIALS;
                    x.detail = Detail.NO_CREDENTIALS;
                    x.account = x.callerAccount;
                    return;
                default:
                    x.code = DiagnosisCode.UNKNOWN;
                    x.detail = Detail.NOT_AWS;
                    return;
            }
        }
        String b = f.codeBase();
        String msg = f.message() == null ? "" : f.message();
        String lower = msg.toLowerCase(Locale.ROOT);

        if (decideCredentials(x, b, lower) || decideTransient(x, f, b) || decideKeyState(x, b, lower)) {
            return;
        }
        if (b.equals("accessdenied") || x.denial != null || lower.contains("access to kms is not allowed")) {
            decideDenied(x, b, lower);
            return;
        }
        if (x.isSecretsManager() && decideSecretsManager(x, b, lower)) {
            return;
        }
        x.code = DiagnosisCode.UNKNOWN;
        x.resource = firstNonNull(x.resource, x.isKms() ? x.keyRef : x.secretRef);
    }

    private static boolean decideCredentials(Facts x, String b, String lower) {
        return apply(CREDENTIAL_RULES, x, b, lower);
    }

    private static boolean decideTransient(Facts x, AwsFailure f, String b) {
        if (THROTTLING_CODES.contains(b) || f.status() == 429 || f.sdkThrottling()) {
            x.code = DiagnosisCode.THROTTLED;
            return true;
        }
        if (SERVICE_ERROR_CODES.contains(b) || f.status() >= 500) {
            x.code = DiagnosisCode.SERVICE_ERROR;
            return true;
        }
        return false;
    }

    private static boolean decideKeyState(Facts x, String b, String lower) {
        String inner = AwsFailure.base(x.innerCode);
        boolean wrapper = b.equals("decryptionfailure") || b.equals("encryptionfailure") || b.equals("invalidkeyid");
        if (b.equals("disabled") || inner.equals("disabled") || (wrapper || b.equals("kmsinvalidstate"))
                && lower.contains("is disabled")) {
            keyState(x, DiagnosisCode.KEY_DISABLED);
            return true;
        }
        if ((b.equals("kmsinvalidstate") || inner.equals("kmsinvalidstate") || wrapper)
                && lower.contains("pending deletion")) {
            keyState(x, DiagnosisCode.KEY_PENDING_DELETION);
            return true;
        }
        if (wrapper && inner.equals("accessdenied")) {
            x.detail = Detail.KMS_VIA_DECRYPTION_FAILURE;
            kmsAccessDenied(x);
            return true;
        }
        return false;
    }

    private static void keyState(Facts x, DiagnosisCode code) {
        x.code = code;
        x.account = x.keyAccount;
        x.resource = x.keyRef != null ? x.keyRef : x.resource;
        if (x.action == null) {
            x.action = "kms:Decrypt";
        }
    }

    private static void decideDenied(Facts x, String b, String lower) {
        DenialMessage d = x.denial;
        Reason reason = d == null ? Reason.NONE : d.reason();
        PolicyType type = d == null ? null : d.policyType();
        boolean assumeRole = x.action != null && x.action.toLowerCase(Locale.ROOT).startsWith("sts:assumerole")
                || x.isSts() && (x.action == null || x.ctx.step() == Step.ASSUME_ROLE)
                || lower.contains("roles may not be assumed by root");
        if (assumeRole) {
            gatherAssumeRole(x);
        }

        if (lower.contains("roles may not be assumed by root")) {
            x.code = DiagnosisCode.ASSUME_ROLE_DENIED;
            x.detail = Detail.ROOT_CALLER;
            x.account = x.assumerAccount != null ? x.assumerAccount : x.roleAccount;
            x.action = "sts:AssumeRole";
            return;
        }
        if (reason == Reason.EXPLICIT) {
            x.code = DiagnosisCode.EXPLICIT_DENY;
            x.policy = policyOf(type, x, assumeRole);
            x.account = accountOf(type, x, assumeRole);
            fillResource(x, assumeRole);
            return;
        }
        if (reason == Reason.IMPLICIT && isGuardrail(type)) {
            x.code = DiagnosisCode.POLICY_GUARDRAIL;
            x.policy = policyOf(type, x, assumeRole);
            x.account = accountOf(type, x, assumeRole);
            fillResource(x, assumeRole);
            return;
        }
        if (assumeRole) {
            x.code = DiagnosisCode.ASSUME_ROLE_DENIED;
            x.action = "sts:AssumeRole";
            x.resource = firstNonNull(x.resource, x.roleArn);
            x.trust = TrustReading.of(x.trustPolicy, x.principal);
            if (type == PolicyType.IDENTITY_BASED
                    || x.trust != null && x.trust.verdict() == TrustReading.Verdict.ALLOWED
                            && x.assumerAccount != null && !x.assumerAccount.equals(x.roleAccount)) {
                // Across accounts, a trust policy that names the caller without a Condition leaves only the caller's
                // own identity policy to deny.
                x.policy = PolicyKind.IDENTITY_POLICY;
                x.account = x.assumerAccount;
            } else if (x.trust != null && x.trust.verdict() == TrustReading.Verdict.ONLY_UNDER_CONDITION) {
                // The owner's Condition is what blocks: the request must meet it, which is the client's to change.
                x.policy = PolicyKind.TRUST_POLICY;
                x.account = x.assumerAccount != null ? x.assumerAccount : x.roleAccount;
            } else if (x.trust != null && x.trust.verdict() == TrustReading.Verdict.NOT_NAMED) {
                x.policy = PolicyKind.TRUST_POLICY;
                x.account = x.roleAccount != null ? x.roleAccount : x.assumerAccount;
            } else {
                x.policy = type == PolicyType.RESOURCE_BASED ? PolicyKind.TRUST_POLICY : null;
                x.account = x.roleAccount != null ? x.roleAccount : x.assumerAccount;
            }
            return;
        }
        if (x.isSecretsManager()) {
            decideSecretsManagerDenied(x, lower, reason, type);
            return;
        }
        if (x.isKms()) {
            if (x.action == null) {
                x.action = "kms:Decrypt";
            }
            x.resource = firstNonNull(x.resource, x.keyRef);
            if (type == PolicyType.RESOURCE_BASED) {
                x.code = DiagnosisCode.KEY_POLICY;
                x.policy = PolicyKind.KEY_POLICY;
                x.account = x.keyAccount;
            } else if (type == PolicyType.IDENTITY_BASED) {
                x.code = DiagnosisCode.IDENTITY_POLICY;
                x.policy = PolicyKind.IDENTITY_POLICY;
                x.account = x.callerAccount;
            } else {
                x.detail = Detail.KMS_DIRECT_NO_REASON;
                kmsAccessDenied(x);
            }
            return;
        }
        // Another service (IAM, or unknown): say what AWS said, as precisely as it said it.
        x.detail = Detail.GENERIC_SERVICE;
        if (type == PolicyType.IDENTITY_BASED) {
            x.code = DiagnosisCode.IDENTITY_POLICY;
            x.policy = PolicyKind.IDENTITY_POLICY;
            x.account = x.callerAccount;
        } else {
            x.code = DiagnosisCode.ACCESS_DENIED;
            x.policy = null;
            x.account = null;
        }
    }

    private static void decideSecretsManagerDenied(Facts x, String lower, Reason reason, PolicyType type) {
        if (lower.contains("access to kms is not allowed")) {
            x.action = "kms:Decrypt";
            if (Boolean.TRUE.equals(x.managedKey) && x.callerAccount != null && x.secretAccount != null
                    && !x.callerAccount.equals(x.secretAccount)) {
                x.code = DiagnosisCode.AWS_MANAGED_KEY;
                x.policy = PolicyKind.KEY_POLICY;
                x.account = x.secretAccount;
                x.detail = Detail.MANAGED_KEY_FROM_CONTEXT;
                x.resource = x.secretRef;
                x.action = actionOfStep(Step.GET_SECRET_VALUE, x.service);
                return;
            }
            kmsAccessDenied(x);
            return;
        }
        if (x.action == null) {
            x.action = "secretsmanager:GetSecretValue";
        }
        if (x.regionMismatch()) {
            regionMismatch(x);
            return;
        }
        String deniedRegion = x.denial == null ? null : Arns.region(x.denial.resource());
        if (reason == Reason.NONE && deniedRegion != null && x.arnRegion != null
                && !deniedRegion.equalsIgnoreCase(x.arnRegion)) {
            // An old-format denial naming the secret in another region: a proxy or endpoint routed the call there.
            x.clientRegion = deniedRegion;
            regionMismatch(x);
            return;
        }
        x.resource = firstNonNull(x.resource, x.secretRef);
        if (type == PolicyType.RESOURCE_BASED) {
            x.code = DiagnosisCode.SECRET_RESOURCE_POLICY;
            // From another account AWS answers so for a secret that does not exist too: the policy is named only when
            // DescribeSecret proved the secret is there.
            boolean crossAccount = x.callerAccount != null && x.secretAccount != null
                    && !x.callerAccount.equals(x.secretAccount);
            x.policy = crossAccount && !Boolean.TRUE.equals(x.ctx.secretDescribed()) ? null
                    : PolicyKind.SECRET_RESOURCE_POLICY;
            x.account = x.secretAccount;
        } else if (type == PolicyType.IDENTITY_BASED && x.bareName) {
            x.code = DiagnosisCode.INVALID_SECRET_ID;
            x.account = x.callerAccount;
        } else if (type == PolicyType.IDENTITY_BASED) {
            x.code = DiagnosisCode.IDENTITY_POLICY;
            x.policy = PolicyKind.IDENTITY_POLICY;
            x.account = x.callerAccount;
        } else {
            x.code = DiagnosisCode.ACCESS_DENIED;
            x.account = null;
        }
    }

    private static void kmsAccessDenied(Facts x) {
        x.code = DiagnosisCode.KMS_ACCESS_DENIED;
        x.policy = null;
        x.account = null;
        x.action = "kms:Decrypt";
        x.resource = x.keyRef != null ? x.keyRef : x.resource;
    }

    private static void regionMismatch(Facts x) {
        x.code = DiagnosisCode.REGION_MISMATCH;
        x.policy = null;
        x.account = x.callerAccount;
        x.resource = firstNonNull(x.resource, x.secretRef);
    }

    private static boolean decideSecretsManager(Facts x, String b, String lower) {
        x.resource = firstNonNull(x.resource, x.secretRef);
        return apply(SECRETS_MANAGER_RULES, x, b, lower);
    }

    /** Applies the first rule that matches, if any. */
    private static boolean apply(List<Rule> rules, Facts x, String b, String lower) {
        for (Rule r : rules) {
            if (r.codes().contains(b) && r.when().test(x, lower)) {
                x.code = r.code();
                x.policy = r.policy();
                x.detail = r.detail();
                x.account = r.account().apply(x);
                return true;
            }
        }
        return false;
    }

    private static void gatherAssumeRole(Facts x) {
        DenialMessage d = x.denial;
        String messageRole = d == null ? null : d.resource();
        x.roleArn = firstNonNull(
                Arns.isRoleArn(x.ctx.roleArn()) ? x.ctx.roleArn() : null,
                Arns.isRoleArn(messageRole) ? messageRole : null);
        x.roleAccount = firstNonNull(Arns.account(x.roleArn), Arns.account(messageRole));
        String ctxCaller = x.ctx.callerArn();
        // A context caller that is a session of the very role being assumed is not the identity that tried.
        if (ctxCaller != null && x.roleArn != null && sameRole(Arns.roleOfSession(ctxCaller), x.roleArn)) {
            ctxCaller = null;
        }
        x.assumer = d != null && d.principal() != null ? d.principal() : ctxCaller;
        x.assumerAccount = Arns.account(x.assumer);
        x.callerArn = x.assumer != null ? x.assumer : x.callerArn;
        x.callerAccount = x.assumerAccount;
        x.principal = Arns.account(x.assumer) != null ? Arns.policyPrincipal(x.assumer) : null;
        x.principalExact = Arns.isUserArn(x.principal);
        if (x.resource == null) {
            x.resource = x.roleArn;
        }
    }

    private static boolean sameRole(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return a.equals(b) || Arns.account(a) != null && Arns.account(a).equals(Arns.account(b))
                && a.substring(a.lastIndexOf('/') + 1).equals(b.substring(b.lastIndexOf('/') + 1));
    }

    private static boolean isGuardrail(PolicyType type) {
        return type == PolicyType.SERVICE_CONTROL || type == PolicyType.RESOURCE_CONTROL
                || type == PolicyType.PERMISSIONS_BOUNDARY || type == PolicyType.SESSION
                || type == PolicyType.VPC_ENDPOINT;
    }

    private static PolicyKind policyOf(PolicyType type, Facts x, boolean assumeRole) {
        if (type == null) {
            return null;
        }
        switch (type) {
            case RESOURCE_BASED:
                if (assumeRole) {
                    return PolicyKind.TRUST_POLICY;
                }
                if (x.isKms()) {
                    return PolicyKind.KEY_POLICY;
                }
                return x.isSecretsManager() ? PolicyKind.SECRET_RESOURCE_POLICY : null;
            case IDENTITY_BASED:
                return PolicyKind.IDENTITY_POLICY;
            case SERVICE_CONTROL:
                return PolicyKind.SERVICE_CONTROL_POLICY;
            case RESOURCE_CONTROL:
                return PolicyKind.RESOURCE_CONTROL_POLICY;
            case PERMISSIONS_BOUNDARY:
                return PolicyKind.PERMISSIONS_BOUNDARY;
            case SESSION:
                return PolicyKind.SESSION_POLICY;
            case VPC_ENDPOINT:
                return PolicyKind.VPC_ENDPOINT_POLICY;
            default:
                return null;
        }
    }

    private static String accountOf(PolicyType type, Facts x, boolean assumeRole) {
        if (type == null) {
            return null;
        }
        switch (type) {
            case RESOURCE_BASED:
                if (assumeRole) {
                    return x.roleAccount;
                }
                if (x.isKms()) {
                    return x.keyAccount;
                }
                if (x.isSecretsManager()) {
                    return x.secretAccount;
                }
                return Arns.account(x.resource);
            case IDENTITY_BASED:
            case PERMISSIONS_BOUNDARY:
            case SESSION:
                return x.callerAccount;
            default:
                // Service and resource control policies belong to the organization's management account, and a
                // VPC endpoint to whoever owns the VPC: the message names neither.
                return null;
        }
    }

    private static void fillResource(Facts x, boolean assumeRole) {
        if (x.resource != null) {
            return;
        }
        if (assumeRole) {
            x.resource = x.roleArn;
        } else if (x.isKms()) {
            x.resource = x.keyRef;
        } else if (x.isSecretsManager()) {
            x.resource = x.secretRef;
        }
    }

    @SafeVarargs
    static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String firstWithAccount(String... arns) {
        for (String a : arns) {
            if (a != null && Arns.account(a) != null) {
                return a;
            }
        }
        return null;
    }
}
