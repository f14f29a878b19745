package dev.xacct.secrets.internal.diagnosis;

import static dev.xacct.secrets.DiagnosisCode.ACCESS_DENIED;
import static dev.xacct.secrets.DiagnosisCode.ASSUME_ROLE_DENIED;
import static dev.xacct.secrets.DiagnosisCode.AWS_MANAGED_KEY;
import static dev.xacct.secrets.DiagnosisCode.EXPIRED_CREDENTIALS;
import static dev.xacct.secrets.DiagnosisCode.EXPLICIT_DENY;
import static dev.xacct.secrets.DiagnosisCode.IDENTITY_POLICY;
import static dev.xacct.secrets.DiagnosisCode.INVALID_CREDENTIALS;
import static dev.xacct.secrets.DiagnosisCode.INVALID_SECRET_ID;
import static dev.xacct.secrets.DiagnosisCode.KEY_DISABLED;
import static dev.xacct.secrets.DiagnosisCode.KEY_PENDING_DELETION;
import static dev.xacct.secrets.DiagnosisCode.KEY_POLICY;
import static dev.xacct.secrets.DiagnosisCode.POLICY_GUARDRAIL;
import static dev.xacct.secrets.DiagnosisCode.REGION_MISMATCH;
import static dev.xacct.secrets.DiagnosisCode.SECRET_DELETED;
import static dev.xacct.secrets.DiagnosisCode.SECRET_NOT_FOUND;
import static dev.xacct.secrets.DiagnosisCode.SECRET_RESOURCE_POLICY;
import static dev.xacct.secrets.DiagnosisCode.SERVICE_ERROR;
import static dev.xacct.secrets.DiagnosisCode.THROTTLED;
import static dev.xacct.secrets.DiagnosisCode.UNKNOWN;
import static dev.xacct.secrets.DiagnosisCode.VERSION_NOT_FOUND;
import static dev.xacct.secrets.internal.diagnosis.Classifier.Whose.ASSUMER;
import static dev.xacct.secrets.internal.diagnosis.Classifier.Whose.ASSUMER_FIRST;
import static dev.xacct.secrets.internal.diagnosis.Classifier.Whose.CALLER;
import static dev.xacct.secrets.internal.diagnosis.Classifier.Whose.KEY_OWNER;
import static dev.xacct.secrets.internal.diagnosis.Classifier.Whose.NOBODY;
import static dev.xacct.secrets.internal.diagnosis.Classifier.Whose.OWNER;
import static dev.xacct.secrets.internal.diagnosis.Classifier.Whose.ROLE_FIRST;
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
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
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
            "unrecognizedclient",
            "invalidclienttokenid",
            "incompletesignature",
            "missingauthenticationtoken",
            "invalidaccesskeyid",
            "invalidtoken",
            "authfailure");

    private static final Set<String> SIGNATURE_CODES = Set.of("invalidsignature", "signaturedoesnotmatch");

    private static final Set<String> EXPIRED_CODES = Set.of("expiredtoken", "requestexpired", "requesttimetooskewed");

    private static final Set<String> THROTTLING_CODES = Set.of(
            "throttling",
            "throttled",
            "toomanyrequests",
            "requestlimitexceeded",
            "requestthrottled",
            "provisionedthroughputexceeded",
            "slowdown",
            "bandwidthlimitexceeded",
            "priorrequestnotcomplete",
            "ec2throttled",
            "transactioninprogress");

    private static final Set<String> SERVICE_ERROR_CODES = Set.of(
            "internalserviceerror",
            "internalfailure",
            "internalerror",
            "internalservererror",
            "kmsinternal",
            "serviceunavailable",
            "keyunavailable",
            "dependencytimeout",
            "servicefailure",
            "internal",
            "serviceexception");

    private static final Pattern INNER_CODE = Pattern.compile("Error Code: ([A-Za-z]+)");

    private static final Pattern SECRET_ID_PARAMETER =
            Pattern.compile("(?i)secret ?id|invalid name|\\bname\\b|\\barn\\b");

    private Classifier() {}

    /**
     * Diagnoses a failure as {@link AwsFailure#from} read it.
     *
     * @param f the failure as read
     * @param noFailure whether no failure was given at all
     * @param context what the caller knows, may be {@code null}
     * @param trustPolicy the role's trust policy, as iam:GetRole returned it, may be {@code null}
     * @param kms what the client's KMS probe found, may be {@code null}
     * @return the parts of the diagnosis
     */
    static Diagnosis.Builder classify(
            AwsFailure f, boolean noFailure, DiagnosisContext context, String trustPolicy, Diagnoses.KmsFinding kms) {
        DiagnosisContext ctx = context == null ? DiagnosisContext.empty() : context;
        Facts x = gather(f, ctx);
        x.trustPolicy = trustPolicy;
        x.probe = kms;
        if (noFailure) {
            x.code = DiagnosisCode.UNKNOWN;
            x.detail = Detail.NO_FAILURE;
        } else {
            decide(x, f);
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
        x.bareName = smResource
                && messageResource != null
                && !messageResource.startsWith("arn:")
                && !messageResource.contains("*");
        x.secretRef = firstNonNull(x.secretArn, smResource ? messageResource : null, ctx.secretId(), ctx.secretArn());
        String idForAccount = x.bareName ? null : x.secretArn;
        x.secretAccount = Arns.account(idForAccount);
        if (x.secretAccount == null && smResource && Arns.isArn(messageResource)) {
            x.secretAccount = Arns.account(messageResource);
        }
        if (x.secretAccount == null
                && (x.bareName
                        || (x.secretArn == null
                                && ctx.secretId() != null
                                && !ctx.secretId().startsWith("arn:")))) {
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
        x.action = d != null && d.action() != null ? d.action() : actionOfStep(ctx.step());
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
        return step == null
                ? Service.OTHER
                : switch (step) {
                    case GET_SECRET_VALUE, DESCRIBE_SECRET -> Service.SECRETS_MANAGER;
                    case KMS_DECRYPT, KMS_DESCRIBE_KEY -> Service.KMS;
                    case ASSUME_ROLE, GET_CALLER_IDENTITY -> Service.STS;
                    default -> Service.OTHER;
                };
    }

    private static String actionOfStep(Step step) {
        return step == null
                ? null
                : switch (step) {
                    case GET_SECRET_VALUE -> "secretsmanager:GetSecretValue";
                    case DESCRIBE_SECRET -> "secretsmanager:DescribeSecret";
                    case KMS_DECRYPT -> "kms:Decrypt";
                    case KMS_DESCRIBE_KEY -> "kms:DescribeKey";
                    case ASSUME_ROLE -> "sts:AssumeRole";
                    case GET_CALLER_IDENTITY -> "sts:GetCallerIdentity";
                    default -> null;
                };
    }

    // Deciding: one ordered table, first match wins.

    /**
     * What the rules look at: the facts gathered from the failure and the context, and what AWS said, read once.
     *
     * @param x the facts
     * @param f the failure as read
     * @param b AWS's error code, base form, lower case ({@code ""} when none)
     * @param m AWS's message, lower case ({@code ""} when none)
     * @param inner the code inside a wrapper's message ({@code "Error Code: X"}), base form
     * @param reason the denial's reason clause
     * @param type the policy type the denial names, or {@code null}
     * @param denied whether AWS denied the call
     * @param assumeRole whether the call denied was sts:AssumeRole
     */
    private record Seen(
            Facts x,
            AwsFailure f,
            String b,
            String m,
            String inner,
            Reason reason,
            PolicyType type,
            boolean denied,
            boolean assumeRole) {

        boolean says(String... words) {
            return Arrays.stream(words).anyMatch(m::contains);
        }

        boolean code(Set<String> codes) {
            return codes.contains(b);
        }

        boolean keyWrapper() {
            return b.equals("decryptionfailure") || b.equals("encryptionfailure") || b.equals("invalidkeyid");
        }

        boolean kmsNotAllowed() {
            return m.contains("access to kms is not allowed");
        }

        boolean trust(TrustReading.Verdict verdict) {
            return x.trust != null && x.trust.verdict() == verdict;
        }

        boolean crossAccount(String a, String b) {
            return a != null && b != null && !a.equals(b);
        }
    }

    /** One row of the table: its name, when it applies, and what it decides. */
    private record Rule(String name, Predicate<Seen> when, Consumer<Seen> then) {}

    private static Rule rule(String name, Predicate<Seen> when, Consumer<Seen> then) {
        return new Rule(name, when, then);
    }

    /** Decides the code, the policy, the sub-case and the account that must act. */
    private static Consumer<Seen> is(DiagnosisCode code, PolicyKind policy, Detail detail, Whose account) {
        return s -> {
            s.x().code = code;
            s.x().policy = policy;
            s.x().detail = detail;
            s.x().account = account.of(s.x());
        };
    }

    private static Consumer<Seen> is(DiagnosisCode code) {
        return is(code, null, NONE, NOBODY);
    }

    /** Whose account a rule names as the one that must act. */
    enum Whose {
        CALLER,
        OWNER,
        KEY_OWNER,
        NOBODY,
        ASSUMER,
        ASSUMER_FIRST,
        ROLE_FIRST;

        String of(Facts x) {
            return switch (this) {
                case CALLER -> x.callerAccount;
                case OWNER -> x.secretAccount;
                case KEY_OWNER -> x.keyAccount;
                case NOBODY -> null;
                case ASSUMER -> x.assumerAccount;
                case ASSUMER_FIRST -> firstNonNull(x.assumerAccount, x.roleAccount);
                case ROLE_FIRST -> firstNonNull(x.roleAccount, x.assumerAccount);
            };
        }
    }

    /** The decision table (aws-errors.md §2), read top to bottom; the first rule that applies decides. */
    private static final List<Rule> RULES = List.of(
            // No AWS answer.
            rule(
                    "network failure",
                    s -> !s.f().isAwsError() && s.f().transport() == AwsFailure.Transport.NETWORK,
                    is(SERVICE_ERROR, null, Detail.NETWORK, NOBODY)),
            rule(
                    "unreadable answer",
                    s -> !s.f().isAwsError() && s.f().transport() == AwsFailure.Transport.UNREADABLE,
                    is(SERVICE_ERROR, null, Detail.UNREADABLE, NOBODY)),
            rule(
                    "no credentials",
                    s -> !s.f().isAwsError() && s.f().transport() == AwsFailure.Transport.NO_CREDENTIALS,
                    is(INVALID_CREDENTIALS, null, Detail.NO_CREDENTIALS, CALLER)),
            rule("not an AWS error", s -> !s.f().isAwsError(), is(UNKNOWN, null, Detail.NOT_AWS, NOBODY)),
            // Credentials AWS refused.
            rule(
                    "unknown credentials",
                    s -> s.code(INVALID_CREDENTIAL_CODES),
                    is(INVALID_CREDENTIALS, null, NONE, CALLER)),
            rule(
                    "clock skew (signature)",
                    s -> s.code(SIGNATURE_CODES) && s.says("signature expired", "signature not yet current"),
                    is(EXPIRED_CREDENTIALS, null, CLOCK_SKEW, CALLER)),
            rule("signature mismatch", s -> s.code(SIGNATURE_CODES), is(INVALID_CREDENTIALS, null, SIGNATURE, CALLER)),
            rule(
                    "clock skew",
                    s -> s.b().equals("requesttimetooskewed"),
                    is(EXPIRED_CREDENTIALS, null, CLOCK_SKEW, CALLER)),
            rule("expired credentials", s -> s.code(EXPIRED_CODES), is(EXPIRED_CREDENTIALS, null, NONE, CALLER)),
            // Transient.
            rule(
                    "throttled",
                    s -> s.code(THROTTLING_CODES) || s.f().status() == 429 || s.f().sdkThrottling(),
                    is(THROTTLED)),
            rule("service error", s -> s.code(SERVICE_ERROR_CODES) || s.f().status() >= 500, is(SERVICE_ERROR)),
            // The key's state.
            rule(
                    "key disabled",
                    s -> s.b().equals("disabled")
                            || s.inner().equals("disabled")
                            || ((s.keyWrapper() || s.b().equals("kmsinvalidstate")) && s.says("is disabled")),
                    keyState(KEY_DISABLED)),
            rule(
                    "key pending deletion",
                    s -> (s.b().equals("kmsinvalidstate") || s.inner().equals("kmsinvalidstate") || s.keyWrapper())
                            && s.says("pending deletion"),
                    keyState(KEY_PENDING_DELETION)),
            // What the client's KMS probe found (it probes only a KMS_ACCESS_DENIED, which AWS did not explain).
            rule(
                    "KMS probe: key policy",
                    s -> s.x().probe == Diagnoses.KmsFinding.SIMULATION_ALLOWS,
                    probed(KEY_POLICY, PolicyKind.KEY_POLICY, KEY_OWNER)),
            rule(
                    "KMS probe: identity policy",
                    s -> s.x().probe != null,
                    probed(IDENTITY_POLICY, PolicyKind.IDENTITY_POLICY, CALLER)),
            rule(
                    "KMS denial wrapped in DecryptionFailure",
                    s -> s.keyWrapper() && s.inner().equals("accessdenied"),
                    kmsAccessDenied(Detail.KMS_VIA_DECRYPTION_FAILURE)),
            // Denials that name their policy, whatever the service.
            rule(
                    "root user assuming a role",
                    s -> s.denied() && s.says("roles may not be assumed by root"),
                    is(ASSUME_ROLE_DENIED, null, Detail.ROOT_CALLER, ASSUMER_FIRST)
                            .andThen(s -> s.x().action = "sts:AssumeRole")),
            rule("explicit deny", s -> s.denied() && s.reason() == Reason.EXPLICIT, named(EXPLICIT_DENY)),
            rule(
                    "guardrail",
                    s -> s.denied() && s.reason() == Reason.IMPLICIT && isGuardrail(s.type()),
                    named(POLICY_GUARDRAIL)),
            // sts:AssumeRole: the trust policy, when read, tells a caller it does not name from an unmet Condition;
            // across accounts, one that names the caller without a Condition leaves only the identity policy.
            rule(
                    "assume role: identity policy",
                    s -> s.denied()
                            && s.assumeRole()
                            && (s.type() == PolicyType.IDENTITY_BASED
                                    || (s.trust(TrustReading.Verdict.ALLOWED)
                                            && s.crossAccount(s.x().assumerAccount, s.x().roleAccount))),
                    assumeRole(PolicyKind.IDENTITY_POLICY, ASSUMER)),
            rule(
                    "assume role: trust policy Condition not met",
                    s -> s.denied() && s.assumeRole() && s.trust(TrustReading.Verdict.ONLY_UNDER_CONDITION),
                    assumeRole(PolicyKind.TRUST_POLICY, ASSUMER_FIRST)),
            rule(
                    "assume role: trust policy without the caller",
                    s -> s.denied() && s.assumeRole() && s.trust(TrustReading.Verdict.NOT_NAMED),
                    assumeRole(PolicyKind.TRUST_POLICY, ROLE_FIRST)),
            rule(
                    "assume role: trust policy (named)",
                    s -> s.denied() && s.assumeRole() && s.type() == PolicyType.RESOURCE_BASED,
                    assumeRole(PolicyKind.TRUST_POLICY, ROLE_FIRST)),
            rule("assume role: unsure", s -> s.denied() && s.assumeRole(), assumeRole(null, ROLE_FIRST)),
            // Secrets Manager denials.
            rule(
                    "AWS managed key, known from the context",
                    s -> s.denied()
                            && s.x().isSecretsManager()
                            && s.kmsNotAllowed()
                            && Boolean.TRUE.equals(s.x().managedKey)
                            && s.crossAccount(s.x().callerAccount, s.x().secretAccount),
                    is(AWS_MANAGED_KEY, PolicyKind.KEY_POLICY, Detail.MANAGED_KEY_FROM_CONTEXT, OWNER)
                            .andThen(s -> {
                                s.x().resource = s.x().secretRef;
                                s.x().action = actionOfStep(Step.GET_SECRET_VALUE);
                            })),
            rule(
                    "Secrets Manager: access to KMS is not allowed",
                    s -> s.denied() && s.x().isSecretsManager() && s.kmsNotAllowed(),
                    kmsAccessDenied(NONE)),
            rule(
                    "Secrets Manager: region mismatch",
                    s -> s.denied() && s.x().isSecretsManager() && s.x().regionMismatch(),
                    secretsManagerDenied(REGION_MISMATCH, null, CALLER)),
            rule(
                    "Secrets Manager: old-format denial naming another region",
                    s -> s.denied() && s.x().isSecretsManager() && s.reason() == Reason.NONE && otherRegion(s) != null,
                    // A proxy or endpoint routed the call there.
                    s -> {
                        s.x().clientRegion = otherRegion(s);
                        secretsManagerDenied(REGION_MISMATCH, null, CALLER).accept(s);
                    }),
            rule(
                    "Secrets Manager: resource policy",
                    s -> s.denied() && s.x().isSecretsManager() && s.type() == PolicyType.RESOURCE_BASED,
                    // From another account AWS answers so for a secret that does not exist too: the policy is named
                    // only when DescribeSecret proved the secret is there.
                    s -> secretsManagerDenied(
                                    SECRET_RESOURCE_POLICY,
                                    s.crossAccount(s.x().callerAccount, s.x().secretAccount)
                                                    && !Boolean.TRUE.equals(
                                                            s.x().ctx.secretDescribed())
                                            ? null
                                            : PolicyKind.SECRET_RESOURCE_POLICY,
                                    OWNER)
                            .accept(s)),
            rule(
                    "Secrets Manager: a bare name not found in the caller's account",
                    s -> s.denied()
                            && s.x().isSecretsManager()
                            && s.type() == PolicyType.IDENTITY_BASED
                            && s.x().bareName,
                    secretsManagerDenied(INVALID_SECRET_ID, null, CALLER)),
            rule(
                    "Secrets Manager: identity policy",
                    s -> s.denied() && s.x().isSecretsManager() && s.type() == PolicyType.IDENTITY_BASED,
                    secretsManagerDenied(IDENTITY_POLICY, PolicyKind.IDENTITY_POLICY, CALLER)),
            rule(
                    "Secrets Manager: denied, no reason",
                    s -> s.denied() && s.x().isSecretsManager(),
                    secretsManagerDenied(ACCESS_DENIED, null, NOBODY)),
            // KMS denials (the client's own probe, or a KMS call).
            rule(
                    "KMS: key policy",
                    s -> s.denied() && s.x().isKms() && s.type() == PolicyType.RESOURCE_BASED,
                    kmsDenied(KEY_POLICY, PolicyKind.KEY_POLICY, KEY_OWNER)),
            rule(
                    "KMS: identity policy",
                    s -> s.denied() && s.x().isKms() && s.type() == PolicyType.IDENTITY_BASED,
                    kmsDenied(IDENTITY_POLICY, PolicyKind.IDENTITY_POLICY, CALLER)),
            rule("KMS: denied, no reason", s -> s.denied() && s.x().isKms(), kmsDenied(null, null, null)),
            // Another service (IAM, or unknown): what AWS said, as precisely as it said it.
            rule(
                    "other service: identity policy",
                    s -> s.denied() && s.type() == PolicyType.IDENTITY_BASED,
                    is(IDENTITY_POLICY, PolicyKind.IDENTITY_POLICY, Detail.GENERIC_SERVICE, CALLER)),
            rule("other service: denied", Seen::denied, is(ACCESS_DENIED, null, Detail.GENERIC_SERVICE, NOBODY)),
            // Secrets Manager's own errors (not denials).
            rule(
                    "version not found",
                    s -> secretsManager(s, "resourcenotfound")
                            && s.says("staging label", "versionid", "version id", "secret value for"),
                    onSecret(is(VERSION_NOT_FOUND))),
            rule(
                    "secret not found, other region",
                    s -> secretsManager(s, "resourcenotfound") && s.x().regionMismatch(),
                    onSecret(is(REGION_MISMATCH, null, NONE, CALLER))),
            rule(
                    "secret not found",
                    s -> secretsManager(s, "resourcenotfound"),
                    onSecret(is(SECRET_NOT_FOUND, null, NONE, CALLER))),
            rule(
                    "AWS managed key",
                    s -> secretsManager(s, "invalidrequest")
                            && (s.says("default kms service key")
                                    || (s.says("aws/secretsmanager") && s.says("different"))),
                    onSecret(is(AWS_MANAGED_KEY, PolicyKind.KEY_POLICY, NONE, OWNER))),
            rule(
                    "secret deleted",
                    s -> secretsManager(s, "invalidrequest") && s.says("marked for deletion", "scheduled for deletion"),
                    onSecret(is(SECRET_DELETED, null, NONE, OWNER))),
            rule(
                    "stage and version id disagree",
                    s -> secretsManager(s, "invalidrequest")
                            && s.says(
                                    "versionstage that is not associated", "not associated to the provided versionid"),
                    onSecret(is(VERSION_NOT_FOUND, null, STAGE_VERSION_MISMATCH, NOBODY))),
            rule(
                    "invalid secret id",
                    s -> secretsManager(s, "invalidparameter", "validation", "validationerror")
                            && SECRET_ID_PARAMETER.matcher(s.m()).find(),
                    onSecret(is(INVALID_SECRET_ID, null, INVALID_PARAMETER, CALLER))),
            rule(
                    "not recognised",
                    s -> true,
                    is(UNKNOWN)
                            .andThen(s -> s.x().resource =
                                    firstNonNull(s.x().resource, s.x().isKms() ? s.x().keyRef : s.x().secretRef))));

    private static void decide(Facts x, AwsFailure f) {
        String b = f.isAwsError() ? f.codeBase() : "";
        String lower = f.message() == null ? "" : f.message().toLowerCase(Locale.ROOT);
        DenialMessage d = x.denial;
        boolean denied = f.isAwsError()
                && (b.equals("accessdenied") || d != null || lower.contains("access to kms is not allowed"));
        boolean assumeRole = denied
                && ((x.action != null && x.action.toLowerCase(Locale.ROOT).startsWith("sts:assumerole"))
                        || (x.isSts() && (x.action == null || x.ctx.step() == Step.ASSUME_ROLE))
                        || lower.contains("roles may not be assumed by root"));
        if (assumeRole) {
            gatherAssumeRole(x);
            x.trust = TrustReading.of(x.trustPolicy, x.principal);
        }
        Seen seen = new Seen(
                x,
                f,
                b,
                lower,
                AwsFailure.base(x.innerCode),
                d == null ? Reason.NONE : d.reason(),
                d == null ? null : d.policyType(),
                denied,
                assumeRole);
        for (Rule rule : RULES) {
            if (rule.when().test(seen)) {
                rule.then().accept(seen);
                return;
            }
        }
    }

    /** Whether Secrets Manager answered with one of these error codes. */
    private static boolean secretsManager(Seen s, String... codes) {
        return s.x().isSecretsManager() && Arrays.asList(codes).contains(s.b());
    }

    /** A decision about the secret: the resource is the secret, unless AWS named another. */
    private static Consumer<Seen> onSecret(Consumer<Seen> decision) {
        return s -> {
            s.x().resource = firstNonNull(s.x().resource, s.x().secretRef);
            decision.accept(s);
        };
    }

    private static Consumer<Seen> keyState(DiagnosisCode code) {
        return is(code, null, NONE, KEY_OWNER).andThen(s -> {
            s.x().resource = firstNonNull(s.x().keyRef, s.x().resource);
            s.x().action = firstNonNull(s.x().action, "kms:Decrypt");
        });
    }

    /** The probe's call is kms:Decrypt on the key the client found, a KMS call whatever AWS first answered. */
    private static Consumer<Seen> probed(DiagnosisCode code, PolicyKind policy, Whose account) {
        return s -> {
            Facts x = s.x();
            x.service = Service.KMS;
            x.action = "kms:Decrypt";
            if (x.ctx.kmsKeyArn() != null) {
                setKey(x, x.ctx.kmsKeyArn());
            }
            x.resource = firstNonNull(x.keyRef, x.resource);
            is(code, policy, NONE, account).accept(s);
        };
    }

    private static Consumer<Seen> kmsAccessDenied(Detail detail) {
        return is(DiagnosisCode.KMS_ACCESS_DENIED, null, detail, NOBODY).andThen(s -> {
            s.x().action = "kms:Decrypt";
            s.x().resource = firstNonNull(s.x().keyRef, s.x().resource);
        });
    }

    /** An explicit deny or a guardrail: the policy type AWS named, and its owner. */
    private static Consumer<Seen> named(DiagnosisCode code) {
        return s -> {
            Facts x = s.x();
            x.code = code;
            x.policy = policyOf(s.type(), x, s.assumeRole());
            x.account = accountOf(s.type(), x, s.assumeRole());
            fillResource(x, s.assumeRole());
        };
    }

    private static Consumer<Seen> assumeRole(PolicyKind policy, Whose account) {
        return is(ASSUME_ROLE_DENIED, policy, NONE, account).andThen(s -> {
            s.x().action = "sts:AssumeRole";
            s.x().resource = firstNonNull(s.x().resource, s.x().roleArn);
        });
    }

    private static Consumer<Seen> secretsManagerDenied(DiagnosisCode code, PolicyKind policy, Whose account) {
        return is(code, policy, NONE, account).andThen(s -> {
            s.x().action = firstNonNull(s.x().action, "secretsmanager:GetSecretValue");
            s.x().resource = firstNonNull(s.x().resource, s.x().secretRef);
        });
    }

    private static Consumer<Seen> kmsDenied(DiagnosisCode code, PolicyKind policy, Whose account) {
        Consumer<Seen> named = s -> {
            s.x().action = firstNonNull(s.x().action, "kms:Decrypt");
            s.x().resource = firstNonNull(s.x().resource, s.x().keyRef);
        };
        return named.andThen(
                code == null ? kmsAccessDenied(Detail.KMS_DIRECT_NO_REASON) : is(code, policy, NONE, account));
    }

    /** The region of an old-format denial's resource, when it is not the region the ARN names. */
    private static String otherRegion(Seen s) {
        String denied = s.x().denial == null ? null : Arns.region(s.x().denial.resource());
        return denied != null && s.x().arnRegion != null && !denied.equalsIgnoreCase(s.x().arnRegion) ? denied : null;
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
        return a.equals(b)
                || (Arns.account(a) != null
                        && Arns.account(a).equals(Arns.account(b))
                        && a.substring(a.lastIndexOf('/') + 1).equals(b.substring(b.lastIndexOf('/') + 1)));
    }

    /** Every policy type but the identity and the resource's own policy grants nothing by itself. */
    private static boolean isGuardrail(PolicyType type) {
        return type != null && type != PolicyType.IDENTITY_BASED && type != PolicyType.RESOURCE_BASED;
    }

    private static PolicyKind policyOf(PolicyType type, Facts x, boolean assumeRole) {
        return type == null
                ? null
                : switch (type) {
                    case RESOURCE_BASED ->
                        assumeRole
                                ? PolicyKind.TRUST_POLICY
                                : x.isKms()
                                        ? PolicyKind.KEY_POLICY
                                        : x.isSecretsManager() ? PolicyKind.SECRET_RESOURCE_POLICY : null;
                    case IDENTITY_BASED -> PolicyKind.IDENTITY_POLICY;
                    case SERVICE_CONTROL -> PolicyKind.SERVICE_CONTROL_POLICY;
                    case RESOURCE_CONTROL -> PolicyKind.RESOURCE_CONTROL_POLICY;
                    case PERMISSIONS_BOUNDARY -> PolicyKind.PERMISSIONS_BOUNDARY;
                    case SESSION -> PolicyKind.SESSION_POLICY;
                    case VPC_ENDPOINT -> PolicyKind.VPC_ENDPOINT_POLICY;
                };
    }

    private static String accountOf(PolicyType type, Facts x, boolean assumeRole) {
        return type == null
                ? null
                : switch (type) {
                    case RESOURCE_BASED ->
                        assumeRole
                                ? x.roleAccount
                                : x.isKms()
                                        ? x.keyAccount
                                        : x.isSecretsManager() ? x.secretAccount : Arns.account(x.resource);
                    case IDENTITY_BASED, PERMISSIONS_BOUNDARY, SESSION -> x.callerAccount;
                    // Service and resource control policies belong to the organization's management account, and a VPC
                    // endpoint to whoever owns the VPC: the message names neither.
                    default -> null;
                };
    }

    private static void fillResource(Facts x, boolean assumeRole) {
        x.resource = firstNonNull(
                x.resource, assumeRole ? x.roleArn : x.isKms() ? x.keyRef : x.isSecretsManager() ? x.secretRef : null);
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
