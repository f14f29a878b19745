package dev.xacct.secrets.internal.diagnosis;

import dev.xacct.secrets.DiagnosisContext;
import dev.xacct.secrets.DiagnosisContext.Step;
import dev.xacct.secrets.internal.diagnosis.AwsFailure.Service;
import dev.xacct.secrets.internal.diagnosis.DenialMessage.PolicyType;
import dev.xacct.secrets.internal.diagnosis.DenialMessage.Reason;
import dev.xacct.secrets.internal.diagnosis.Diagnoses.KmsFinding;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Everything the engine knows of one failure, read once by {@link #of}: what AWS said, what the context adds, and what
 * the client's probes found. The rules of {@link Classifier} decide from it and {@link Reports} words it; nothing
 * writes it after it is built. Every ARN here is a real value or {@code null}, never a placeholder.
 *
 * @param failure the failure as read from its exception chain
 * @param noFailure whether no failure was given at all
 * @param ctx what the caller knew
 * @param denial AWS's "not authorized" message, parsed
 * @param service the service whose call failed; KMS when the client's KMS probe found something
 * @param code AWS's error code, base form, lower case ({@code ""} when none)
 * @param message AWS's message, lower case ({@code ""} when none)
 * @param innerCode the code inside a wrapper's message ({@code "Error Code: X"}), base form ({@code ""} when none)
 * @param denied whether AWS denied the call
 * @param assumeRole whether the call denied was sts:AssumeRole
 * @param action the action AWS named, else the step's
 * @param resource the resource AWS named (for AssumeRole, else the role)
 * @param callerArn the caller (for AssumeRole, the identity that tried)
 * @param principal the role (or user) to name as principal in policy statements
 * @param principalExact whether {@code principal} is the ARN AWS stores (path included): configured or learnt, not
 *     from a session
 * @param callerAccount the caller's account
 * @param secretArn a usable secret ARN (full or partial)
 * @param secretRef what to call the secret in text: its ARN, the name AWS showed, or the configured id
 * @param secretAccount the secret's account (a bare name resolves in the caller's)
 * @param bareName whether AWS named the secret by a bare name (not an ARN) in {@code on resource:}
 * @param keyArn a usable KMS key ARN
 * @param keyRef what to call the key in text: its ARN or the configured alias ARN
 * @param keyAccount the key's account
 * @param roleArn for AssumeRole failures: the role to assume
 * @param roleAccount for AssumeRole failures: the role's account
 * @param assumer for AssumeRole failures: the identity that tried
 * @param assumerAccount for AssumeRole failures: its account
 * @param clientRegion the region the client sends to
 * @param arnRegion the region the secret's ARN names
 * @param deniedRegion the region of an old-format denial's resource, when it is not {@code arnRegion}
 * @param managedKey whether the secret is on the AWS managed key: from the context, or a key reference to
 *     aws/secretsmanager
 * @param trust what the role's trust policy says of the caller; {@code null} when not read
 * @param probe what the client's KMS probe found; {@code null} when it found nothing
 */
record Evidence(
        AwsFailure failure,
        boolean noFailure,
        DiagnosisContext ctx,
        @Nullable DenialMessage denial,
        Service service,
        String code,
        String message,
        String innerCode,
        boolean denied,
        boolean assumeRole,
        @Nullable String action,
        @Nullable String resource,
        @Nullable String callerArn,
        @Nullable String principal,
        boolean principalExact,
        @Nullable String callerAccount,
        @Nullable String secretArn,
        @Nullable String secretRef,
        @Nullable String secretAccount,
        boolean bareName,
        @Nullable String keyArn,
        @Nullable String keyRef,
        @Nullable String keyAccount,
        @Nullable String roleArn,
        @Nullable String roleAccount,
        @Nullable String assumer,
        @Nullable String assumerAccount,
        @Nullable String clientRegion,
        @Nullable String arnRegion,
        @Nullable String deniedRegion,
        @Nullable Boolean managedKey,
        @Nullable TrustReading trust,
        @Nullable KmsFinding probe) {

    private static final Pattern INNER_CODE = Pattern.compile("Error Code: ([A-Za-z]+)");

    /**
     * {@return the evidence of a failure as {@link AwsFailure#from} read it} The context, the role's trust policy (as
     * iam:GetRole returned it) and the KMS probe's finding may each be {@code null}.
     */
    static Evidence of(
            AwsFailure f,
            boolean noFailure,
            @Nullable DiagnosisContext context,
            @Nullable String trustPolicy,
            @Nullable KmsFinding probe) {
        DiagnosisContext ctx = context == null ? DiagnosisContext.empty() : context;
        DenialMessage d = f.isAwsError() ? DenialMessage.parse(f.message()).orElse(null) : null;
        String code = f.isAwsError() ? f.codeBase() : "";
        String message = f.message() == null ? "" : f.message().toLowerCase(Locale.ROOT);
        Matcher inner = INNER_CODE.matcher(f.message() == null ? "" : f.message());
        String innerCode = inner.find() ? AwsFailure.base(inner.group(1)) : "";
        Service asked = serviceOf(f, d, ctx.step());
        String deniedPrincipal = d == null ? null : d.principal();
        String named = d == null ? null : d.resource();

        // The caller, and the principal to name in policies.
        String callerArn = first(deniedPrincipal, ctx.callerArn());
        String principal = firstWithAccount(
                Arns.isRoleArn(ctx.roleArn()) ? ctx.roleArn() : null,
                Arns.roleOfSession(deniedPrincipal),
                Arns.roleOfSession(ctx.callerArn()),
                deniedPrincipal,
                ctx.callerArn());
        boolean principalExact = principal != null && (principal.equals(ctx.roleArn()) || Arns.isUserArn(principal));
        String callerAccount =
                first(Arns.account(principal), Arns.account(deniedPrincipal), Arns.account(ctx.callerArn()));

        // The secret.
        boolean smResource =
                asked == Service.SECRETS_MANAGER || (d != null && "secretsmanager".equals(d.actionService()));
        String secretArn = first(
                Arns.isSecretArn(ctx.secretArn()) ? ctx.secretArn() : null,
                smResource && Arns.isSecretArn(named) ? named : null,
                Arns.isSecretArn(ctx.secretId()) ? ctx.secretId() : null);
        boolean bareName = smResource && named != null && !named.startsWith("arn:") && !named.contains("*");
        boolean byName = bareName
                || (secretArn == null
                        && ctx.secretId() != null
                        && !ctx.secretId().startsWith("arn:"));
        String secretAccount = first(
                bareName ? null : Arns.account(secretArn),
                smResource ? Arns.account(named) : null,
                // A bare name resolves in the caller's own account.
                byName ? callerAccount : null);
        String arnRegion = first(
                Arns.region(ctx.secretArn()), Arns.region(ctx.secretId()), smResource ? Arns.region(named) : null);
        String namedRegion = Arns.region(named);

        // The KMS key: what AWS named first, then the context; the probe's call named the key of the context.
        String found = Arns.isKeyArn(named) ? named : Arns.findKmsArn(f.message());
        String key = first(Arns.isKeyArn(found) ? found : null, ctx.kmsKeyArn());
        if (probe != null) {
            key = first(ctx.kmsKeyArn(), key);
        }
        boolean managedAlias = ctx.kmsKeyArn() != null && ctx.kmsKeyArn().endsWith("alias/aws/secretsmanager");

        String action = d != null && d.action() != null ? d.action() : actionOfStep(ctx.step());
        String resource = named;
        boolean denied = f.isAwsError()
                && (code.equals("accessdenied") || d != null || message.contains("access to kms is not allowed"));
        boolean assumeRole = denied
                && ((action != null && action.toLowerCase(Locale.ROOT).startsWith("sts:assumerole"))
                        || (asked == Service.STS && (action == null || ctx.step() == Step.ASSUME_ROLE))
                        || message.contains("roles may not be assumed by root"));

        // sts:AssumeRole: the caller is the identity that tried, and the resource the role.
        String roleArn = null;
        String roleAccount = null;
        String assumer = null;
        String assumerAccount = null;
        TrustReading trust = null;
        if (assumeRole) {
            roleArn = first(Arns.isRoleArn(ctx.roleArn()) ? ctx.roleArn() : null, Arns.isRoleArn(named) ? named : null);
            roleAccount = first(Arns.account(roleArn), Arns.account(named));
            String ctxCaller = ctx.callerArn();
            // A context caller that is a session of the very role being assumed is not the identity that tried.
            if (ctxCaller != null && roleArn != null && sameRole(Arns.roleOfSession(ctxCaller), roleArn)) {
                ctxCaller = null;
            }
            assumer = first(deniedPrincipal, ctxCaller);
            assumerAccount = Arns.account(assumer);
            callerArn = first(assumer, callerArn);
            callerAccount = assumerAccount;
            principal = assumerAccount != null ? Arns.policyPrincipal(assumer) : null;
            principalExact = Arns.isUserArn(principal);
            resource = first(resource, roleArn);
            trust = TrustReading.of(trustPolicy, principal);
        }
        return new Evidence(
                f,
                noFailure,
                ctx,
                d,
                probe != null ? Service.KMS : asked,
                code,
                message,
                innerCode,
                denied,
                assumeRole,
                action,
                resource,
                callerArn,
                principal,
                principalExact,
                callerAccount,
                secretArn,
                first(secretArn, smResource ? named : null, ctx.secretId(), ctx.secretArn()),
                secretAccount,
                bareName,
                Arns.isKeyArn(key) ? key : null,
                key,
                Arns.account(key),
                roleArn,
                roleAccount,
                assumer,
                assumerAccount,
                ctx.clientRegion(),
                arnRegion,
                namedRegion != null && arnRegion != null && !namedRegion.equalsIgnoreCase(arnRegion)
                        ? namedRegion
                        : null,
                managedAlias ? Boolean.TRUE : ctx.awsManagedKey(),
                trust,
                probe);
    }

    boolean isSecretsManager() {
        return service == Service.SECRETS_MANAGER;
    }

    boolean isKms() {
        return service == Service.KMS;
    }

    boolean isSts() {
        return service == Service.STS;
    }

    /** Whether the client's region is not the one the secret's ARN names. */
    boolean regionMismatch() {
        return clientRegion != null && arnRegion != null && !clientRegion.equalsIgnoreCase(arnRegion);
    }

    /** The denial's reason clause. */
    Reason reason() {
        return denial == null ? Reason.NONE : denial.reason();
    }

    /** The policy type the denial names, or {@code null}. */
    @Nullable
    PolicyType type() {
        return denial == null ? null : denial.policyType();
    }

    /** Whether AWS's message says any of these (lower case) words. */
    boolean says(String... words) {
        return Arrays.stream(words).anyMatch(message::contains);
    }

    /** Whether AWS's error code is one of these (base form). */
    boolean codeIn(Set<String> codes) {
        return codes.contains(code);
    }

    /** Whether Secrets Manager answered with one of these error codes (base form). */
    boolean secretsManager(String... codes) {
        return isSecretsManager() && Arrays.asList(codes).contains(code);
    }

    /** Whether AWS's error is the wrapper Secrets Manager puts around a KMS failure. */
    boolean keyWrapper() {
        return code.equals("decryptionfailure") || code.equals("encryptionfailure") || code.equals("invalidkeyid");
    }

    boolean kmsNotAllowed() {
        return message.contains("access to kms is not allowed");
    }

    boolean trust(TrustReading.Verdict verdict) {
        return trust != null && trust.verdict() == verdict;
    }

    /** Whether the two accounts are known and differ. */
    static boolean crossAccount(@Nullable String a, @Nullable String b) {
        return a != null && b != null && !a.equals(b);
    }

    private static Service serviceOf(AwsFailure f, @Nullable DenialMessage d, @Nullable Step step) {
        Service named = AwsFailure.serviceNamed(d == null ? null : d.actionService());
        if (f.service() != Service.OTHER || named != Service.OTHER) {
            return f.service() != Service.OTHER ? f.service() : named;
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

    private static @Nullable String actionOfStep(@Nullable Step step) {
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

    private static boolean sameRole(@Nullable String a, String b) {
        return a != null
                && (a.equals(b)
                        || (Arns.account(a) != null
                                && Arns.account(a).equals(Arns.account(b))
                                && a.substring(a.lastIndexOf('/') + 1).equals(b.substring(b.lastIndexOf('/') + 1))));
    }

    @SafeVarargs
    static <T> @Nullable T first(@Nullable T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static @Nullable String firstWithAccount(@Nullable String... arns) {
        return Arrays.stream(arns)
                .filter(a -> a != null && Arns.account(a) != null)
                .findFirst()
                .orElse(null);
    }
}
