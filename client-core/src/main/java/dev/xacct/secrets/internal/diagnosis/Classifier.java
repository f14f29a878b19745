package dev.xacct.secrets.internal.diagnosis;

import static dev.xacct.secrets.DiagnosisCode.*;
import static dev.xacct.secrets.internal.diagnosis.Classifier.About.*;
import static dev.xacct.secrets.internal.diagnosis.Classifier.Whose.*;
import static dev.xacct.secrets.internal.diagnosis.Decision.Detail.*;
import static dev.xacct.secrets.internal.diagnosis.Evidence.crossAccount;
import static dev.xacct.secrets.internal.diagnosis.Evidence.first;
import static dev.xacct.secrets.internal.diagnosis.Reports.Remedy.*;

import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.PolicyKind;
import dev.xacct.secrets.internal.diagnosis.AwsFailure.Transport;
import dev.xacct.secrets.internal.diagnosis.Decision.Detail;
import dev.xacct.secrets.internal.diagnosis.DenialMessage.PolicyType;
import dev.xacct.secrets.internal.diagnosis.DenialMessage.Reason;
import dev.xacct.secrets.internal.diagnosis.Reports.Remedy;
import dev.xacct.secrets.internal.diagnosis.TrustReading.Verdict;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Decides a failure's {@link DiagnosisCode}, the policy, the account that must act, the action, the resource and the
 * fixes from its {@link Evidence}, by one ordered table of pure rules; {@link Reports} then writes the words. Pure: no
 * I/O, no clock, no logging.
 *
 * <p>The rules follow aws-errors.md §2: Secrets Manager denials are 400 {@code AccessDeniedException}; the reason
 * clause names only one policy type; "no resource-based policy" is also what a region mismatch produces; a bare name
 * in {@code on resource:} means the name did not resolve in the caller's account; "Access to KMS is not allowed"
 * does not say which policy; the AWS managed key trap is an {@code InvalidRequestException}; KMS key state errors
 * arrive wrapped in {@code DecryptionFailure}.
 */
final class Classifier {

    private static final Set<String> INVALID_CREDENTIAL_CODES =
            words("unrecognizedclient invalidclienttokenid incompletesignature missingauthenticationtoken"
                    + " invalidaccesskeyid invalidtoken authfailure");

    private static final Set<String> SIGNATURE_CODES = words("invalidsignature signaturedoesnotmatch");

    private static final Set<String> EXPIRED_CODES = words("expiredtoken requestexpired requesttimetooskewed");

    private static final Set<String> THROTTLING_CODES =
            words("throttling throttled toomanyrequests requestlimitexceeded requestthrottled"
                    + " provisionedthroughputexceeded slowdown bandwidthlimitexceeded priorrequestnotcomplete"
                    + " ec2throttled transactioninprogress");

    private static final Set<String> SERVICE_ERROR_CODES =
            words("internalserviceerror internalfailure internalerror internalservererror kmsinternal"
                    + " serviceunavailable keyunavailable dependencytimeout servicefailure internal"
                    + " serviceexception");

    private static final Pattern SECRET_ID_PARAMETER =
            Pattern.compile("(?i)secret ?id|invalid name|\\bname\\b|\\barn\\b");

    private static final String GET = "secretsmanager:GetSecretValue";

    private Classifier() {}

    /** AWS error codes in base form (lower case, no {@code Exception} suffix), given as one line of words. */
    private static Set<String> words(String codes) {
        return Set.of(codes.split(" "));
    }

    /** {@return what the first rule of the table that applies to the evidence decides} */
    static Decision decide(Evidence e) {
        return RULES.stream()
                .filter(rule -> rule.when().test(e))
                .findFirst()
                .orElseThrow()
                .then()
                .apply(e);
    }

    /** {@return the decision for a successful read: nothing to fix} */
    static Decision ok(Evidence e) {
        return is(DiagnosisCode.OK, null, NOBODY, SECRET_REF).apply(e);
    }

    /** One row of the table: its name, when it applies, and what it decides. */
    private record Rule(String name, Predicate<Evidence> when, Function<Evidence, Decision> then) {}

    private static Rule rule(String name, Predicate<Evidence> when, Function<Evidence, Decision> then) {
        return new Rule(name, when, then);
    }

    /** A decision: code, policy, sub-case, the account that must act, what it is about, and the fixes in order. */
    private static Function<Evidence, Decision> is(
            DiagnosisCode code, @Nullable PolicyKind policy, Detail detail, Whose whose, About about, Remedy... fixes) {
        List<Remedy> remedies = List.of(fixes);
        return e -> new Decision(
                code, policy, detail, whose.account.apply(e), about.action.apply(e), about.resource.apply(e), remedies);
    }

    private static Function<Evidence, Decision> is(
            DiagnosisCode code, @Nullable PolicyKind policy, Whose whose, About about, Remedy... fixes) {
        return is(code, policy, NONE, whose, about, fixes);
    }

    /** An explicit deny or a guardrail: the policy type AWS named, and its owner. */
    private static Function<Evidence, Decision> named(DiagnosisCode code, Remedy fix) {
        return e -> new Decision(
                code, policyOf(e), NONE, accountOf(e), e.action(), SUBJECT.resource.apply(e), List.of(fix));
    }

    /** Whose account a rule names as the one that must act. */
    enum Whose {
        CALLER(Evidence::callerAccount),
        OWNER(Evidence::secretAccount),
        KEY_OWNER(Evidence::keyAccount),
        NOBODY(e -> null),
        ASSUMER(Evidence::assumerAccount),
        ASSUMER_FIRST(e -> first(e.assumerAccount(), e.roleAccount())),
        ROLE_FIRST(e -> first(e.roleAccount(), e.assumerAccount()));

        private final Function<Evidence, @Nullable String> account;

        Whose(Function<Evidence, @Nullable String> account) {
            this.account = account;
        }
    }

    /** What a decision names as the action and the resource. */
    enum About {
        /** What AWS named. */
        NAMED(Evidence::action, Evidence::resource),
        /** The secret, unless AWS named another resource. */
        SECRET(Evidence::action, e -> first(e.resource(), e.secretRef())),
        /** The secret, as the client refers to it. */
        SECRET_REF(Evidence::action, Evidence::secretRef),
        /** A read of the secret, unless AWS named another action or resource. */
        SECRET_READ(e -> first(e.action(), GET), e -> first(e.resource(), e.secretRef())),
        /** The read of the secret, whatever AWS named. */
        READ(e -> GET, Evidence::secretRef),
        /** The key AWS named, else the secret's key; the action AWS named, else kms:Decrypt. */
        KEY_NAMED(e -> first(e.action(), "kms:Decrypt"), e -> first(e.resource(), e.keyRef())),
        /** The secret's key; the action AWS named, else kms:Decrypt. */
        KEY(e -> first(e.action(), "kms:Decrypt"), e -> first(e.keyRef(), e.resource())),
        /** kms:Decrypt on the secret's key. */
        DECRYPT(e -> "kms:Decrypt", e -> first(e.keyRef(), e.resource())),
        /** sts:AssumeRole on the role. */
        ROLE(e -> "sts:AssumeRole", Evidence::resource),
        /** What AWS named, else the resource of the service that denied (for sts:AssumeRole, the role). */
        SUBJECT(
                Evidence::action,
                e -> first(
                        e.resource(),
                        e.assumeRole()
                                ? e.roleArn()
                                : e.isKms() ? e.keyRef() : e.isSecretsManager() ? e.secretRef() : null)),
        /** What AWS named, else the key for KMS or the secret. */
        KEY_OR_SECRET(Evidence::action, e -> first(e.resource(), e.isKms() ? e.keyRef() : e.secretRef()));

        private final Function<Evidence, @Nullable String> action;
        private final Function<Evidence, @Nullable String> resource;

        About(Function<Evidence, @Nullable String> action, Function<Evidence, @Nullable String> resource) {
            this.action = action;
            this.resource = resource;
        }
    }

    /**
     * The decision table (aws-errors.md §2), read top to bottom; the first rule that applies decides: the code, the
     * policy, the sub-case, whose account must act, what the diagnosis is about, and the fixes, most likely first.
     */
    private static final List<Rule> RULES = List.of(
            rule("no failure", Evidence::noFailure, is(UNKNOWN, null, NO_FAILURE, NOBODY, NAMED)),
            // No AWS answer.
            rule(
                    "network failure",
                    e -> e.failure().transport() == Transport.NETWORK,
                    is(SERVICE_ERROR, null, NETWORK, NOBODY, NAMED)),
            rule(
                    "unreadable answer",
                    e -> e.failure().transport() == Transport.UNREADABLE,
                    is(SERVICE_ERROR, null, UNREADABLE, NOBODY, NAMED)),
            rule(
                    "no credentials",
                    e -> e.failure().transport() == Transport.NO_CREDENTIALS,
                    is(INVALID_CREDENTIALS, null, NO_CREDENTIALS, CALLER, NAMED, VALID_CREDENTIALS)),
            rule("not an AWS error", e -> !e.failure().isAwsError(), is(UNKNOWN, null, NOT_AWS, NOBODY, NAMED)),
            // Credentials AWS refused.
            rule(
                    "unknown credentials",
                    e -> e.codeIn(INVALID_CREDENTIAL_CODES),
                    is(INVALID_CREDENTIALS, null, CALLER, NAMED, VALID_CREDENTIALS)),
            rule(
                    "clock skew",
                    e -> (e.codeIn(SIGNATURE_CODES) && e.says("signature expired", "signature not yet current"))
                            || e.code().equals("requesttimetooskewed"),
                    is(EXPIRED_CREDENTIALS, null, CLOCK_SKEW, CALLER, NAMED, SYNC_CLOCK)),
            rule(
                    "signature mismatch",
                    e -> e.codeIn(SIGNATURE_CODES),
                    is(INVALID_CREDENTIALS, null, SIGNATURE, CALLER, NAMED, VALID_CREDENTIALS)),
            rule(
                    "expired credentials",
                    e -> e.codeIn(EXPIRED_CODES),
                    is(EXPIRED_CREDENTIALS, null, CALLER, NAMED, REFRESH_CREDENTIALS)),
            // Transient.
            rule(
                    "throttled",
                    e -> e.codeIn(THROTTLING_CODES)
                            || e.failure().status() == 429
                            || e.failure().sdkThrottling(),
                    is(THROTTLED, null, NOBODY, NAMED)),
            rule(
                    "service error",
                    e -> e.codeIn(SERVICE_ERROR_CODES) || e.failure().status() >= 500,
                    is(SERVICE_ERROR, null, NOBODY, NAMED)),
            // The key's state.
            rule(
                    "key disabled",
                    e -> e.code().equals("disabled")
                            || e.innerCode().equals("disabled")
                            || ((e.keyWrapper() || e.code().equals("kmsinvalidstate")) && e.says("is disabled")),
                    is(KEY_DISABLED, null, KEY_OWNER, KEY, ENABLE_KEY)),
            rule(
                    "key pending deletion",
                    e -> (e.code().equals("kmsinvalidstate")
                                    || e.innerCode().equals("kmsinvalidstate")
                                    || e.keyWrapper())
                            && e.says("pending deletion"),
                    is(KEY_PENDING_DELETION, null, KEY_OWNER, KEY, CANCEL_KEY_DELETION, ENABLE_AFTER_CANCEL)),
            // What the client's KMS probe found (it probes only a KMS_ACCESS_DENIED, which AWS did not explain): the
            // probe's call is kms:Decrypt on the key the client found.
            rule(
                    "KMS probe: key policy",
                    e -> e.probe() == Diagnoses.KmsFinding.SIMULATION_ALLOWS,
                    is(KEY_POLICY, PolicyKind.KEY_POLICY, KEY_OWNER, DECRYPT, MERGE_KEY_POLICY)),
            rule(
                    "KMS probe: identity policy",
                    e -> e.probe() != null,
                    is(IDENTITY_POLICY, PolicyKind.IDENTITY_POLICY, CALLER, DECRYPT, ATTACH_DECRYPT)),
            rule(
                    "KMS denial wrapped in DecryptionFailure",
                    e -> e.keyWrapper() && e.innerCode().equals("accessdenied"),
                    is(
                            KMS_ACCESS_DENIED,
                            null,
                            KMS_VIA_DECRYPTION_FAILURE,
                            NOBODY,
                            DECRYPT,
                            MERGE_KEY_POLICY,
                            ATTACH_DECRYPT)),
            // Denials that name their policy, whatever the service.
            rule(
                    "root user assuming a role",
                    e -> e.denied() && e.says("roles may not be assumed by root"),
                    is(ASSUME_ROLE_DENIED, null, ROOT_CALLER, ASSUMER_FIRST, ROLE, NOT_AS_ROOT)),
            rule("explicit deny", e -> e.denied() && e.reason() == Reason.EXPLICIT, named(EXPLICIT_DENY, REMOVE_DENY)),
            rule(
                    "guardrail",
                    e -> e.denied() && e.reason() == Reason.IMPLICIT && isGuardrail(e.type()),
                    named(POLICY_GUARDRAIL, WIDEN_GUARDRAIL)),
            // sts:AssumeRole: the trust policy, when read, tells a caller it does not name from an unmet Condition;
            // across accounts, one that names the caller without a Condition leaves only the identity policy.
            rule(
                    "assume role: identity policy, and a trust policy Condition not met",
                    e -> e.denied()
                            && e.assumeRole()
                            && e.type() == PolicyType.IDENTITY_BASED
                            && e.trust(Verdict.ONLY_UNDER_CONDITION),
                    is(ASSUME_ROLE_DENIED, PolicyKind.IDENTITY_POLICY, TRUST_CONDITION, ASSUMER, ROLE, MEET_CONDITION)),
            rule(
                    "assume role: identity policy",
                    e -> e.denied()
                            && e.assumeRole()
                            && (e.type() == PolicyType.IDENTITY_BASED
                                    || (e.trust(Verdict.ALLOWED) && crossAccount(e.assumerAccount(), e.roleAccount()))),
                    is(
                            ASSUME_ROLE_DENIED,
                            PolicyKind.IDENTITY_POLICY,
                            ASSUMER,
                            ROLE,
                            ATTACH_ASSUME_ROLE,
                            MERGE_TRUST_POLICY,
                            EXTERNAL_ID)),
            rule(
                    "assume role: trust policy Condition not met",
                    e -> e.denied() && e.assumeRole() && e.trust(Verdict.ONLY_UNDER_CONDITION),
                    is(
                            ASSUME_ROLE_DENIED,
                            PolicyKind.TRUST_POLICY,
                            TRUST_CONDITION,
                            ASSUMER_FIRST,
                            ROLE,
                            MEET_CONDITION)),
            rule(
                    "assume role: trust policy without the caller, or named by AWS",
                    e -> e.denied()
                            && e.assumeRole()
                            && (e.trust(Verdict.NOT_NAMED) || e.type() == PolicyType.RESOURCE_BASED),
                    is(
                            ASSUME_ROLE_DENIED,
                            PolicyKind.TRUST_POLICY,
                            ROLE_FIRST,
                            ROLE,
                            MERGE_TRUST_POLICY,
                            ATTACH_ASSUME_ROLE,
                            EXTERNAL_ID)),
            rule(
                    "assume role: unsure",
                    e -> e.denied() && e.assumeRole(),
                    is(
                            ASSUME_ROLE_DENIED,
                            null,
                            ROLE_FIRST,
                            ROLE,
                            MERGE_TRUST_POLICY,
                            ATTACH_ASSUME_ROLE,
                            EXTERNAL_ID)),
            // Secrets Manager denials.
            rule(
                    "AWS managed key, known from the context",
                    e -> e.denied()
                            && e.isSecretsManager()
                            && e.kmsNotAllowed()
                            && Boolean.TRUE.equals(e.managedKey())
                            && crossAccount(e.callerAccount(), e.secretAccount()),
                    is(
                            AWS_MANAGED_KEY,
                            PolicyKind.KEY_POLICY,
                            MANAGED_KEY_FROM_CONTEXT,
                            OWNER,
                            READ,
                            NEW_CUSTOMER_KEY,
                            DECRYPT_NEW_KEY)),
            rule(
                    "Secrets Manager: access to KMS is not allowed",
                    e -> e.denied() && e.isSecretsManager() && e.kmsNotAllowed(),
                    is(KMS_ACCESS_DENIED, null, NOBODY, DECRYPT, MERGE_KEY_POLICY, ATTACH_DECRYPT)),
            rule(
                    "Secrets Manager: region mismatch, or an old-format denial naming another region",
                    // Another region in the denial: a proxy or endpoint routed the call there.
                    e -> e.denied()
                            && e.isSecretsManager()
                            && (e.regionMismatch() || (e.reason() == Reason.NONE && e.deniedRegion() != null)),
                    is(REGION_MISMATCH, null, CALLER, SECRET_READ, SEND_TO_REGION)),
            // From another account AWS answers so for a secret that does not exist too: the policy is named only when
            // DescribeSecret proved the secret is there, and then the statement may bypass a Condition the owner set.
            rule(
                    "Secrets Manager: resource policy, or no secret at that ARN",
                    e -> e.denied()
                            && e.isSecretsManager()
                            && e.type() == PolicyType.RESOURCE_BASED
                            && crossAccount(e.callerAccount(), e.secretAccount())
                            && !Boolean.TRUE.equals(e.ctx().secretDescribed()),
                    is(
                            SECRET_RESOURCE_POLICY,
                            null,
                            SECRET_MAY_NOT_EXIST,
                            OWNER,
                            SECRET_READ,
                            MERGE_SECRET_POLICY,
                            CHECK_SECRET_ARN)),
            rule(
                    "Secrets Manager: resource policy of a secret that exists",
                    e -> e.denied()
                            && e.isSecretsManager()
                            && e.type() == PolicyType.RESOURCE_BASED
                            && Boolean.TRUE.equals(e.ctx().secretDescribed()),
                    is(
                            SECRET_RESOURCE_POLICY,
                            PolicyKind.SECRET_RESOURCE_POLICY,
                            SECRET_DESCRIBED,
                            OWNER,
                            SECRET_READ,
                            SECRET_POLICY_BY_HAND)),
            rule(
                    "Secrets Manager: resource policy",
                    e -> e.denied() && e.isSecretsManager() && e.type() == PolicyType.RESOURCE_BASED,
                    is(
                            SECRET_RESOURCE_POLICY,
                            PolicyKind.SECRET_RESOURCE_POLICY,
                            OWNER,
                            SECRET_READ,
                            MERGE_SECRET_POLICY)),
            rule(
                    "Secrets Manager: a bare name not found in the caller's account",
                    e -> e.denied() && e.isSecretsManager() && e.type() == PolicyType.IDENTITY_BASED && e.bareName(),
                    is(INVALID_SECRET_ID, null, CALLER, SECRET_READ, FULL_ARN_INSTEAD)),
            rule(
                    "Secrets Manager: identity policy",
                    e -> e.denied() && e.isSecretsManager() && e.type() == PolicyType.IDENTITY_BASED,
                    is(IDENTITY_POLICY, PolicyKind.IDENTITY_POLICY, CALLER, SECRET_READ, ATTACH_SECRET_READ)),
            rule(
                    "Secrets Manager: denied, no reason",
                    e -> e.denied() && e.isSecretsManager(),
                    is(ACCESS_DENIED, null, NOBODY, SECRET_READ, MERGE_SECRET_POLICY, ATTACH_SECRET_READ)),
            // KMS denials (the client's own probe, or a KMS call).
            rule(
                    "KMS: key policy",
                    e -> e.denied() && e.isKms() && e.type() == PolicyType.RESOURCE_BASED,
                    is(KEY_POLICY, PolicyKind.KEY_POLICY, KEY_OWNER, KEY_NAMED, MERGE_KEY_POLICY)),
            rule(
                    "KMS: identity policy",
                    e -> e.denied() && e.isKms() && e.type() == PolicyType.IDENTITY_BASED,
                    is(IDENTITY_POLICY, PolicyKind.IDENTITY_POLICY, CALLER, KEY_NAMED, ATTACH_DECRYPT)),
            rule(
                    "KMS: denied, no reason",
                    e -> e.denied() && e.isKms(),
                    is(
                            KMS_ACCESS_DENIED,
                            null,
                            KMS_DIRECT_NO_REASON,
                            NOBODY,
                            DECRYPT,
                            MERGE_KEY_POLICY,
                            ATTACH_DECRYPT)),
            // Another service (IAM, or unknown): what AWS said, as precisely as it said it.
            rule(
                    "other service: identity policy",
                    e -> e.denied() && e.type() == PolicyType.IDENTITY_BASED,
                    is(IDENTITY_POLICY, PolicyKind.IDENTITY_POLICY, GENERIC_SERVICE, CALLER, NAMED, ATTACH_ACTION)),
            rule(
                    "other service: denied",
                    Evidence::denied,
                    is(ACCESS_DENIED, null, GENERIC_SERVICE, NOBODY, NAMED, ATTACH_ACTION)),
            // Secrets Manager's own errors (not denials).
            rule(
                    "version not found",
                    e -> e.secretsManager("resourcenotfound")
                            && e.says("staging label", "versionid", "version id", "secret value for"),
                    is(VERSION_NOT_FOUND, null, NOBODY, SECRET, EXISTING_VERSION)),
            rule(
                    "secret not found, other region",
                    e -> e.secretsManager("resourcenotfound") && e.regionMismatch(),
                    is(REGION_MISMATCH, null, CALLER, SECRET, SEND_TO_REGION)),
            rule(
                    "secret not found",
                    e -> e.secretsManager("resourcenotfound"),
                    is(SECRET_NOT_FOUND, null, CALLER, SECRET, FULL_ARN)),
            rule(
                    "AWS managed key",
                    e -> e.secretsManager("invalidrequest")
                            && (e.says("default kms service key")
                                    || (e.says("aws/secretsmanager") && e.says("different"))),
                    is(AWS_MANAGED_KEY, PolicyKind.KEY_POLICY, OWNER, SECRET, NEW_CUSTOMER_KEY, DECRYPT_NEW_KEY)),
            rule(
                    "secret deleted",
                    e -> e.secretsManager("invalidrequest") && e.says("marked for deletion", "scheduled for deletion"),
                    is(SECRET_DELETED, null, OWNER, SECRET, RESTORE_SECRET)),
            rule(
                    "stage and version id disagree",
                    e -> e.secretsManager("invalidrequest")
                            && e.says(
                                    "versionstage that is not associated", "not associated to the provided versionid"),
                    is(VERSION_NOT_FOUND, null, STAGE_VERSION_MISMATCH, NOBODY, SECRET, EXISTING_VERSION)),
            rule(
                    "invalid secret id",
                    e -> e.secretsManager("invalidparameter", "validation", "validationerror")
                            && SECRET_ID_PARAMETER.matcher(e.message()).find(),
                    is(INVALID_SECRET_ID, null, INVALID_PARAMETER, CALLER, SECRET, FULL_ARN_INSTEAD)),
            rule("not recognised", e -> true, is(UNKNOWN, null, NOBODY, KEY_OR_SECRET)));

    /** Every policy type but the identity and the resource's own policy grants nothing by itself. */
    private static boolean isGuardrail(@Nullable PolicyType type) {
        return type != null && type != PolicyType.IDENTITY_BASED && type != PolicyType.RESOURCE_BASED;
    }

    private static @Nullable PolicyKind policyOf(Evidence e) {
        if (e.type() != PolicyType.RESOURCE_BASED) {
            return e.type() == null ? null : e.type().kind;
        }
        return e.assumeRole()
                ? PolicyKind.TRUST_POLICY
                : e.isKms() ? PolicyKind.KEY_POLICY : e.isSecretsManager() ? PolicyKind.SECRET_RESOURCE_POLICY : null;
    }

    private static @Nullable String accountOf(Evidence e) {
        return e.type() == null
                ? null
                : switch (e.type()) {
                    case RESOURCE_BASED ->
                        e.assumeRole()
                                ? e.roleAccount()
                                : e.isKms()
                                        ? e.keyAccount()
                                        : e.isSecretsManager() ? e.secretAccount() : Arns.account(e.resource());
                    case IDENTITY_BASED, PERMISSIONS_BOUNDARY, SESSION -> e.callerAccount();
                    // Service and resource control policies belong to the organization's management account, and a VPC
                    // endpoint to whoever owns the VPC: the message names neither.
                    default -> null;
                };
    }
}
