package dev.xacct.secrets.internal.diagnosis;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.Fix;
import dev.xacct.secrets.PolicyKind;
import dev.xacct.secrets.internal.diagnosis.Decision.Detail;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one place a diagnosis' words come from: its summary and explanation, per code, and the instructions of the
 * fixes its {@link Decision} names, from the {@link Evidence}; {@link FixStatements} builds their policy JSON.
 *
 * <p>Rules: the summary is one sentence that leads with the policy and the account when there is one; values that
 * are unknown are never invented (a fix whose JSON would need one has no statement, and its instruction says how to
 * find the value); AWS's message is quoted as received.
 */
final class Reports {

    private static final String GET = "secretsmanager:GetSecretValue";
    private static final String DECRYPT = "kms:Decrypt";
    private static final String DESCRIBE = "secretsmanager:DescribeSecret";
    private static final String INLINE_POLICY_PREFIX = "xacct-secrets-";
    private static final String ONE_TYPE_NAMED = " AWS names only one policy type in its message even when several are"
            + " missing, so if the read still fails after this fix, check ";
    private static final String FIND_CALLER =
            "run aws sts get-caller-identity with the application's credentials to find it";

    private final Evidence e;
    private final Decision d;

    Reports(Evidence e, Decision d) {
        this.e = e;
        this.d = d;
    }

    /** The fixes a rule can name, most of them a statement to merge or a policy to attach, each worded below. */
    enum Remedy {
        MERGE_SECRET_POLICY(Reports::secretPolicyFix),
        /** The same statement, for a person to weigh: it may bypass a Condition the owner set. */
        SECRET_POLICY_BY_HAND(r -> byHand(r.secretPolicyFix())),
        CHECK_SECRET_ARN(r -> note(
                r.e.callerAccount(),
                "If the secret's owner finds no secret at " + orElse(r.e.secretArn(), "that ARN")
                        + ", configure the full ARN that DescribeSecret or the console shows for it in its owner's"
                        + " account: its region, account, name and current suffix.")),
        MERGE_KEY_POLICY(Reports::keyPolicyFix),
        ATTACH_SECRET_READ(Reports::identitySecretFix),
        ATTACH_DECRYPT(Reports::identityKeyFix),
        ATTACH_ACTION(Reports::genericIdentityFix),
        NEW_CUSTOMER_KEY(Reports::customerKeyFix),
        DECRYPT_NEW_KEY(r -> r.identityByHand("Then allow kms:Decrypt on the new key's ARN in an identity policy of "
                + r.who() + in(r.e.callerAccount()) + ".")),
        REMOVE_DENY(Reports::removeDenyFix),
        WIDEN_GUARDRAIL(Reports::guardrailFix),
        NOT_AS_ROOT(r -> note(
                r.e.assumerAccount(),
                "Replace the root user credentials with those of an IAM user or role allowed to assume " + r.role()
                        + ".")),
        MEET_CONDITION(Reports::meetConditionFix),
        MERGE_TRUST_POLICY(Reports::trustFix),
        ATTACH_ASSUME_ROLE(Reports::assumeIdentityFix),
        EXTERNAL_ID(Reports::externalIdHint),
        FULL_ARN(r -> note(
                r.e.callerAccount(),
                "Configure the secret by the full ARN that DescribeSecret or the console shows for it in its owner's"
                        + " account (arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-SUFFIX), and send the"
                        + " request to the region that ARN names.")),
        FULL_ARN_INSTEAD(Reports::fullArnInsteadFix),
        SEND_TO_REGION(r -> Fix.of(
                r.e.callerAccount(),
                null,
                r.e.secretArn(),
                "Send requests for " + orElse(r.e.secretRef(), "this secret") + " to region " + r.e.arnRegion()
                        + " (the region its ARN names) instead of " + r.requestRegion() + ".",
                null)),
        RESTORE_SECRET(r -> run(
                r.d.account(),
                "Restore the secret" + in(r.d.account()),
                r.e.secretArn() != null,
                "aws secretsmanager restore-secret --secret-id " + orElse(r.e.secretRef(), "<secret ARN or name>"))),
        EXISTING_VERSION(r -> Fix.of(
                null,
                null,
                r.e.secretArn(),
                "Request a staging label or version id that exists (list-secret-version-ids shows them), or ask the"
                        + " secret's owner" + in(r.e.secretAccount()) + " to create that version.",
                null)),
        ENABLE_KEY(r -> run(
                r.d.account(),
                "Enable the key" + in(r.d.account()),
                r.e.keyArn() != null,
                "aws kms enable-key --key-id " + r.keyArg())),
        CANCEL_KEY_DELETION(r -> r.e.keyArn() == null
                ? note(
                        r.d.account(),
                        "Cancel the key's deletion and enable it" + in(r.d.account())
                                + ": aws kms cancel-key-deletion --key-id " + r.keyArg()
                                + " then aws kms enable-key --key-id " + r.keyArg() + ".")
                : run(
                        r.d.account(),
                        "Cancel the key's deletion" + in(r.d.account()),
                        true,
                        "aws kms cancel-key-deletion --key-id " + r.e.keyArn())),
        ENABLE_AFTER_CANCEL(r -> r.e.keyArn() == null
                ? null
                : run(
                        r.d.account(),
                        "Then enable the key, which cancelling leaves disabled",
                        true,
                        "aws kms enable-key --key-id " + r.e.keyArn())),
        VALID_CREDENTIALS(r -> note(
                r.d.account(),
                "Give the application valid credentials (environment variables, a profile, or the instance or task"
                        + " role) and check them with aws sts get-caller-identity.")),
        SYNC_CLOCK(r -> note(r.d.account(), "Synchronize the clock of the machine the application runs on.")),
        REFRESH_CREDENTIALS(r -> note(
                r.d.account(),
                "Refresh the application's temporary credentials, or give it a credentials provider that refreshes"
                        + " them (an instance or task role, or an assumed role), and check the machine's clock."));

        private final Function<Reports, @Nullable Fix> writer;

        Remedy(Function<Reports, @Nullable Fix> writer) {
            this.writer = writer;
        }
    }

    Diagnosis.Builder write() {
        Diagnosis.Builder p = Diagnosis.builder()
                .code(d.code())
                .account(d.account())
                .policy(d.policy())
                .action(d.action())
                .resource(d.resource())
                .callerArn(e.callerArn())
                .requestId(e.failure().requestId())
                .awsErrorCode(e.failure().code())
                .awsMessage(e.failure().message());
        switch (d.code()) {
            case OK -> ok(p);
            case SECRET_RESOURCE_POLICY -> secretResourcePolicy(p);
            case KEY_POLICY -> keyPolicy(p);
            case IDENTITY_POLICY -> identityPolicy(p);
            case KMS_ACCESS_DENIED -> kmsAccessDenied(p);
            case ACCESS_DENIED -> accessDenied(p);
            case AWS_MANAGED_KEY -> awsManagedKey(p);
            case EXPLICIT_DENY -> explicitDeny(p);
            case POLICY_GUARDRAIL -> guardrail(p);
            case ASSUME_ROLE_DENIED -> assumeRoleDenied(p);
            case SECRET_NOT_FOUND -> secretNotFound(p);
            case INVALID_SECRET_ID -> invalidSecretId(p);
            case REGION_MISMATCH -> regionMismatch(p);
            case SECRET_DELETED -> secretDeleted(p);
            case VERSION_NOT_FOUND -> versionNotFound(p);
            case KEY_DISABLED, KEY_PENDING_DELETION -> keyState(p);
            case INVALID_CREDENTIALS -> invalidCredentials(p);
            case EXPIRED_CREDENTIALS -> expiredCredentials(p);
            case THROTTLED -> throttled(p);
            case SERVICE_ERROR -> serviceError(p);
            default -> unknown(p);
        }
        d.fixes().stream()
                .map(r -> r.writer.apply(this))
                .filter(Objects::nonNull)
                .forEach(p::addFix);
        return p;
    }

    /** The words for a secret that resolved in another account than the expected owner; any argument may be null. */
    static Diagnosis.Builder unexpectedOwner(String resolvedArn, String expectedAccount, String actualAccount) {
        String actual = actualAccount != null ? actualAccount : Arns.account(resolvedArn);
        String what = resolvedArn == null ? "a secret" : resolvedArn;
        String expected = expectedAccount == null ? "the expected account" : "account " + expectedAccount;
        String region = Arns.region(resolvedArn);
        String name = Arns.secretNameOf(resolvedArn);
        String instruction = "Configure the secret by its full ARN in " + expected
                + (expectedAccount != null && region != null && name != null
                        ? " (arn:" + Arns.partition(resolvedArn) + ":secretsmanager:" + region + ":" + expectedAccount
                                + ":secret:" + name + "-SUFFIX)"
                        : "")
                + " instead of a name or partial ARN that resolves elsewhere.";
        return Diagnosis.builder()
                .code(DiagnosisCode.INVALID_SECRET_ID)
                .action("secretsmanager:GetSecretValue")
                .resource(resolvedArn)
                .summary("The secret reference resolved to " + what
                        + (actual == null ? "" : " in account " + actual) + ", not to a secret in " + expected
                        + ": use the secret's full ARN.")
                .explanation("The read succeeded, but the secret it returned is owned by "
                        + (actual == null ? "another account" : "account " + actual) + " while the configuration"
                        + " expects " + expected + ", so its value was not used. A bare name or a partial ARN"
                        + " resolves in the caller's own account, so it can silently read a same-named secret there"
                        + " instead of the owner's; a full ARN always names the owner's account and region.")
                .addFix(Fix.of(null, null, null, instruction, null));
    }

    /** The last-resort words when the engine itself failed: UNKNOWN with the failure's class and message. */
    static Diagnosis.Builder fallback(Throwable failure) {
        String what = failure == null ? "no failure" : failure.getClass().getName();
        String message = failure == null ? null : AwsFailure.safely(failure::getMessage, null);
        return Diagnosis.builder()
                .code(DiagnosisCode.UNKNOWN)
                .summary("The read failed with " + what + " and the failure could not be analysed.")
                .explanation("The diagnosis engine could not analyse this failure, so it cannot say which policy or"
                        + " setting is wrong. The failure was " + what + (message == null ? "" : ": " + message)
                        + ". Please report it to the xacct-secrets maintainers together with this text.");
    }

    /** What a KMS probe found, in words that follow "... does not say which policy is missing; ". */
    private static String probeFound(Diagnoses.KmsFinding finding) {
        return switch (finding) {
            case DIRECT_DECRYPT_NO_IDENTITY_POLICY ->
                "a direct kms:Decrypt naming the key was denied because no identity-based policy allows it";
            case SIMULATION_ALLOWS ->
                "IAM policy simulation shows the role's identity policy, permissions boundary and"
                        + " service control policies allow kms:Decrypt on the key";
            case SIMULATION_NO_IDENTITY_POLICY ->
                "IAM policy simulation shows no identity policy of the role allows"
                        + " kms:Decrypt on the key (its permissions boundary and service control policies do not decide"
                        + " it)";
        };
    }

    /**
     * A fix that runs one command, its words the command's; with an ARN in it a program can run it, else (a name or
     * a placeholder) a person does.
     */
    private static Fix run(@Nullable String account, String what, boolean byArn, String command) {
        String instruction = what + ": " + command + ".";
        return byArn
                ? Fix.applying(account, instruction, new Fix.RunCommand(List.of(command.split(" "))))
                : note(account, instruction);
    }

    /** A fix a person carries out: no statement, no action. */
    private static Fix note(@Nullable String account, String instruction) {
        return Fix.of(account, null, null, instruction, null);
    }

    /** The same fix without its action: a program must not apply it, a person weighs it. */
    private static Fix byHand(Fix fix) {
        return Fix.of(fix.account(), fix.policy(), fix.target(), fix.instruction(), fix.statement());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Per code

    private void ok(Diagnosis.Builder p) {
        p.summary("The secret" + secretName() + " was read successfully" + opt(" by ", e.callerArn(), "") + ".");
        p.explanation("Every policy AWS evaluated allowed the read: the secret's resource policy, the KMS key policy"
                + " and the identity policy (for a secret in another account all three are needed), and the secret's"
                + " KMS key is usable.");
    }

    private void secretResourcePolicy(Diagnosis.Builder p) {
        boolean mayNotExist = d.detail() == Detail.SECRET_MAY_NOT_EXIST;
        p.summary(notAllowed(
                PolicyKind.SECRET_RESOURCE_POLICY.phrase() + in(d.account()),
                d.action(),
                onSecret() + (mayNotExist ? ", or no secret exists at that ARN: AWS answers both alike" : "")));
        p.explanation(said()
                + (mayNotExist
                        ? " From another account, Secrets Manager gives this answer both when the secret's resource"
                                + " policy has no statement for the caller (or one whose Condition, such as"
                                + " secretsmanager:VersionStage, the request does not meet) and when no secret exists"
                                + " at that ARN, so both are listed, the policy first. The secret may not exist there:"
                                + " a region, account or name that is off by a typo, or a suffix that belonged to a"
                                + " secret since deleted and created again (a new secret gets a new suffix). If the"
                                + " owner's put-resource-policy answers ResourceNotFoundException, that is the case."
                                + " What tells them apart: allow the caller secretsmanager:DescribeSecret in both"
                                + " policies, and this diagnosis checks whether the secret is there." + trapWords()
                        : d.detail() == Detail.SECRET_DESCRIBED
                                ? " DescribeSecret of the same ARN succeeded, so the secret exists and its resource"
                                        + " policy has a statement for the caller, but not one that allows "
                                        + d.action() + " for this request. Most likely that statement has a"
                                        + " Condition the request does not meet (such as secretsmanager:VersionStage,"
                                        + " aws:PrincipalOrgID or aws:SourceVpce), which only its owner can weigh:"
                                        + " the statement below would bypass such a Condition, so merge it only if"
                                        + " the policy lacks the action."
                                : " Secrets Manager evaluated the secret's resource policy" + in(d.account())
                                        + " and found no statement that allows " + who() + " to call " + d.action()
                                        + "; a statement whose Condition the request does not meet (for example on"
                                        + " secretsmanager:VersionStage) gives the same message.")
                + ONE_TYPE_NAMED + "the identity policy of " + who() + in(e.callerAccount())
                + " too: it must allow " + d.action() + " on the secret's ARN."
                + (e.bareName()
                        ? " AWS named the secret by its bare name, which resolves in the caller's own account; for a"
                                + " secret in another account use its full ARN."
                        : ""));
    }

    /** The trap the ARN itself shows, if any. */
    private String trapWords() {
        String arn = e.secretArn();
        if (arn != null && arn.matches(".*:secret:.+-[a-z]{6}")) {
            return " The ARN ends in a hyphen and six lowercase letters (" + arn.substring(arn.length() - 7)
                    + "): if that is part of the secret's name and not AWS's suffix, it is a partial ARN that AWS"
                    + " takes for a complete one and matches no secret; use the full ARN, with the suffix.";
        }
        return "";
    }

    private void keyPolicy(Diagnosis.Builder p) {
        p.summary(notAllowed(PolicyKind.KEY_POLICY.phrase() + in(d.account()), d.action(), onKey()));
        p.explanation(
                e.probe() != null
                        ? probeSaid() + " the KMS key policy" + in(d.account()) + " does not allow " + who()
                                + " to use the key. A direct call to KMS is evaluated without the context Secrets"
                                + " Manager adds (kms:ViaService), so a key policy that allows only calls via Secrets"
                                + " Manager can deny the probe and still allow the read: if this fix changes nothing,"
                                + " check the identity policy too."
                        : said() + " KMS evaluated the key policy" + onKey() + in(d.account())
                                + " and found no statement that allows " + who() + " to call " + d.action() + "."
                                + " Unlike other resource policies, a key policy is required even within one account;"
                                + " for a caller from another account it must name the caller's role (or its account)"
                                + " and the caller's identity policy must allow kms:Decrypt on the key as well. AWS"
                                + " names only one policy type in its message, so if this fix is not enough, check the"
                                + " identity policy of " + who() + in(e.callerAccount()) + " too.");
    }

    private void identityPolicy(Diagnosis.Builder p) {
        boolean kms = e.isKms();
        boolean generic = d.detail() == Detail.GENERIC_SERVICE;
        String on = kms ? onKey() : onSecret();
        p.summary(notAllowed(PolicyKind.IDENTITY_POLICY.phrase() + in(d.account()), d.action(), on));
        if (e.probe() != null) {
            p.explanation(probeSaid() + " the identity policy of " + who() + in(d.account()) + " does not allow"
                    + " kms:Decrypt" + onKey() + ". A direct call to KMS is evaluated without the context Secrets"
                    + " Manager adds (kms:ViaService), so if this fix changes nothing, check the key policy too.");
            return;
        }
        p.explanation(said() + " None of the identity policies attached to " + who() + in(d.account()) + " allows "
                + d.action() + on + "."
                + (kms
                        ? " To read a secret, the caller's identity policy must allow kms:Decrypt on the key's ARN;"
                                + " for a key in another account the key policy must allow it as well."
                        : generic
                                ? ""
                                : " The caller's identity policy must allow " + d.action() + " on the secret's ARN;"
                                        + " for a secret in another account the secret's resource policy must allow"
                                        + " it as well.")
                + ONE_TYPE_NAMED
                + (kms ? "the key policy" : generic ? "the resource's policy" : "the secret's resource policy")
                + " and any permissions boundary as well.");
    }

    private void kmsAccessDenied(Diagnosis.Builder p) {
        String keyWords = e.keyArn() != null ? e.keyArn() : orElse(e.keyRef(), "the secret's KMS key");
        p.summary(notAllowed(
                PolicyKind.KEY_POLICY.phrase() + inOr(e.keyAccount(), "the key owner's account") + " or "
                        + PolicyKind.IDENTITY_POLICY.phrase() + in(e.callerAccount()),
                "kms:Decrypt",
                " on " + keyWords));
        p.explanation(said()
                + switch (d.detail()) {
                    case KMS_DIRECT_NO_REASON ->
                        " KMS denied the call without saying which policy is missing (or, in its older wording,"
                                + " whether the key exists in this region at all).";
                    case KMS_VIA_DECRYPTION_FAILURE ->
                        " Secrets Manager could not decrypt the secret because KMS denied it, and the message does"
                                + " not say which policy is missing.";
                    default ->
                        " Secrets Manager could not decrypt the secret with its KMS key on the caller's behalf. It"
                                + " says this whether the key policy or the caller's identity policy lacks"
                                + " kms:Decrypt, and never names the key or the policy.";
                }
                + " For a key in another account both must allow kms:Decrypt; within one account either can be"
                + " enough. Both candidate fixes are listed, the key policy first; each is the least a read through"
                + " Secrets Manager needs, so applying both weakens nothing."
                + (e.keyArn() == null
                        ? " The key's ARN is not known here: it is the KmsKeyId that DescribeSecret returns for the"
                                + " secret. What would tell the two policies apart: configure the client's kmsKeyArn,"
                                + " or allow the caller secretsmanager:DescribeSecret, and let the application's role"
                                + " call iam:SimulatePrincipalPolicy and iam:GetRole on itself."
                        : " What would tell them apart: a direct kms:Decrypt probe is evaluated without the"
                                + " kms:ViaService that Secrets Manager adds, so its denial by the key policy proves"
                                + " nothing; letting the application's role call iam:SimulatePrincipalPolicy and"
                                + " iam:GetRole on itself does.")
                + (e.message().contains("not encrypted with the current")
                        ? " AWS adds that this version of the secret is not encrypted with the secret's current KMS"
                                + " key: it was encrypted with an earlier key, which the caller must also be allowed"
                                + " to use, or the owner can store a new version so that it is encrypted with the"
                                + " current key."
                        : "")
                + (e.managedKey() == null
                        ? " If the secret is encrypted with the AWS managed key aws/secretsmanager (DescribeSecret"
                                + " shows no KmsKeyId), no policy change can help a caller from another account: the"
                                + " owner must re-encrypt it with a customer managed key."
                        : e.managedKey()
                                ? " The secret is encrypted with the AWS managed key aws/secretsmanager, whose key"
                                        + " policy cannot be changed; if the caller is in another account, the owner"
                                        + " must re-encrypt it with a customer managed key."
                                : ""));
    }

    private void accessDenied(Diagnosis.Builder p) {
        if (d.detail() == Detail.GENERIC_SERVICE) {
            p.summary(notAllowed(
                    PolicyKind.IDENTITY_POLICY.phrase() + in(e.callerAccount()) + " or the resource's policy",
                    orElse(d.action(), "this action"),
                    onResource()));
            p.explanation(said() + " " + serviceName() + " denied the call"
                    + (e.denial() != null && e.denial().reason() == DenialMessage.Reason.NONE
                            ? " without saying which policy is missing."
                            : ".")
                    + " The identity policy of " + who() + " and, if the resource has one, the resource's own"
                    + " policy must both allow it for a cross-account call.");
            return;
        }
        String action = orElse(d.action(), GET);
        p.summary(notAllowed(
                PolicyKind.SECRET_RESOURCE_POLICY.phrase() + inOr(e.secretAccount(), "the secret owner's account")
                        + " or " + PolicyKind.IDENTITY_POLICY.phrase() + in(e.callerAccount()),
                action,
                onSecret()));
        p.explanation(said()
                + " The message has no reason clause (the format Secrets Manager used before about 2021, and some"
                + " emulators still use), so it does not say which policy denied the request."
                + " For a secret in another account, both the secret's resource policy and the caller's identity"
                + " policy must allow " + action + "; within one account either is enough. Both candidate fixes are"
                + " listed. An explicit Deny, a service control policy, or a resource policy Condition that does not"
                + " match (for example on secretsmanager:VersionStage) gives the same message.");
    }

    private void awsManagedKey(Diagnosis.Builder p) {
        p.summary(cap(PolicyKind.KEY_POLICY.phrase()) + in(d.account()) + " can never let another account use the AWS"
                + " managed key aws/secretsmanager that encrypts the secret" + secretName()
                + ": re-encrypt it with a customer managed key.");
        p.explanation(said()
                + (d.detail() == Detail.MANAGED_KEY_FROM_CONTEXT
                        ? " DescribeSecret shows no customer managed key, so the secret is encrypted with the AWS"
                                + " managed key aws/secretsmanager"
                        : " The secret is encrypted with the AWS managed key aws/secretsmanager")
                + ", whose key policy allows only callers from the secret's own account"
                + inParentheses(d.account())
                + " and cannot be edited; so no policy change lets " + who() + in(e.callerAccount()) + " read it."
                + " The secret's owner must create a customer managed KMS key whose key policy allows the caller, and"
                + " switch the secret to it; Secrets Manager then re-encrypts the AWSCURRENT, AWSPENDING and"
                + " AWSPREVIOUS versions with the new key. The caller's identity policy must then allow kms:Decrypt"
                + " on the new key's ARN.");
    }

    private void explicitDeny(Diagnosis.Builder p) {
        String policyWords = policyWords();
        p.summary(cap(policyWords) + in(d.account()) + " explicitly denies " + who() + " "
                + orElse(d.action(), "the action") + onResource() + ".");
        StringBuilder t = new StringBuilder(said());
        t.append(" An explicit Deny overrides every Allow, so adding permissions elsewhere cannot help: the owner of "
                + policyWords + " must remove the Deny statement that matches this request, or narrow it (its"
                + " Principal, Action, Resource or Condition) so that it no longer matches.");
        t.append(denyWhere());
        if (e.denial() != null && e.denial().transitiveType() != null) {
            t.append(" AWS adds that the deny applies transitively through a "
                    + e.denial().transitiveType().wording() + ", so the Deny may be in that policy instead.");
        }
        if (d.policy() == PolicyKind.SERVICE_CONTROL_POLICY) {
            t.append(" AWS reports service control policy denials as explicit even when no SCP allows the action,"
                    + " so the fix may also be an Allow in the SCPs that apply to the account.");
        }
        p.explanation(t.toString());
    }

    private void guardrail(Diagnosis.Builder p) {
        String action = orElse(d.action(), "the action");
        p.summary(notAllowed(policyWords() + in(d.account()), action, onResource()));
        p.explanation(said() + " " + cap(policyWords()) + " is a guardrail: it grants nothing by itself but sets the"
                + " most the caller may do, so even with the secret's resource policy, the key policy and the identity"
                + " policy all in place the request is denied until it also allows " + action + "." + guardrailWhere());
    }

    private void assumeRoleDenied(Diagnosis.Builder p) {
        String role = role();
        String caller = e.assumer() != null ? e.assumer() : "the caller";
        if (d.detail() == Detail.ROOT_CALLER) {
            p.summary("Root user credentials" + in(e.assumerAccount()) + " can never assume a role: run the application"
                    + " as an IAM user or role allowed to assume " + role + ".");
            p.explanation(said() + " AWS does not let the root user of an account call sts:AssumeRole, whatever the"
                    + " role's trust policy says. Give the application the credentials of an IAM user or role (for"
                    + " example the instance or task role) whose identity policy allows sts:AssumeRole on " + role
                    + ", and allow that identity in the role's trust policy.");
            return;
        }
        if (d.detail() == Detail.TRUST_CONDITION) {
            // The trust policy names the caller, but only under a Condition the request did not meet: the client's
            // side.
            String keys = String.join(", ", e.trust().conditionKeys());
            p.summary(cap(PolicyKind.TRUST_POLICY.phrase()) + in(e.roleAccount()) + " allows " + caller + " to assume "
                    + role + " only under a Condition (" + keys + ") that the request did not meet.");
            p.explanation(said() + " The trust policy, read with iam:GetRole, names " + caller + " only in statements"
                    + " with a Condition on " + keys + ". That Condition is the role owner's control: the fix is to"
                    + " meet it, not to add a statement without it.");
            return;
        }
        if (d.policy() == PolicyKind.IDENTITY_POLICY) {
            p.summary(cap(PolicyKind.IDENTITY_POLICY.phrase()) + in(e.assumerAccount()) + " does not allow " + caller
                    + " to call sts:AssumeRole on " + role + ".");
        } else if (d.policy() == PolicyKind.TRUST_POLICY) {
            p.summary(cap(PolicyKind.TRUST_POLICY.phrase()) + in(e.roleAccount()) + " does not allow " + caller
                    + " to assume " + role + ".");
        } else {
            p.summary(cap(PolicyKind.TRUST_POLICY.phrase()) + inOr(e.roleAccount(), "the role's account")
                    + " or the caller's identity policy" + in(e.assumerAccount()) + " does not allow " + caller
                    + " to assume " + role + ".");
        }
        StringBuilder t = new StringBuilder(said());
        t.append(" To assume " + role + ", two policies must agree: the role's trust policy" + in(e.roleAccount())
                + " must allow " + caller + " as principal, and an identity policy of " + caller
                + in(e.assumerAccount()) + " must allow sts:AssumeRole on the role's ARN (within one account, a trust"
                + " policy that names the caller is enough).");
        if (e.trust() != null) {
            t.append(
                    e.trust().verdict() == TrustReading.Verdict.NOT_NAMED
                            ? " The trust policy, read with iam:GetRole, has no statement that allows " + caller + "."
                            : " The trust policy, read with iam:GetRole, allows " + caller + " without a Condition.");
        } else if (e.reason() == DenialMessage.Reason.NONE) {
            t.append(" STS does not say which of the two denied; both fixes are listed.");
        } else {
            t.append(" AWS names only one policy type in its message, so both fixes are listed, the named one first.");
        }
        if (e.trust() == null) {
            t.append(" A trust policy Condition that the request does not meet (an ExternalId the client does not"
                    + " send or sends wrong, a required session tag or MFA) gives the same message.");
        }
        p.explanation(t.toString());
    }

    private void secretNotFound(Diagnosis.Builder p) {
        p.summary("Secrets Manager found no secret " + orElse(e.secretRef(), "with this id")
                + opt(" in region ", e.clientRegion(), "")
                + ": check the secret's name, suffix, account and region.");
        p.explanation(said() + " Secrets Manager looked the secret up and found none. A bare name or partial ARN is"
                + " looked up in the caller's own account" + inParentheses(e.callerAccount())
                + ": for a secret in another account use its full ARN. A full ARN must carry the current 6-character"
                + " suffix: a secret that was deleted and created again has a new one. The request goes to the"
                + " client's region" + inParentheses(e.clientRegion()) + ", which must be the region the ARN names."
                + " If the caller lacked permission, AWS would normally answer AccessDenied instead: authorization is"
                + " checked before existence.");
    }

    private void invalidSecretId(Diagnosis.Builder p) {
        String ref = secretIdWords();
        if (d.detail() == Detail.INVALID_PARAMETER) {
            p.summary("Secrets Manager rejected the secret reference " + ref + " as invalid: configure the secret's"
                    + " full ARN.");
            p.explanation(said() + " Secrets Manager did not accept the secret id as a name or an ARN. A name may"
                    + " contain only ASCII letters, digits and /_+=.@-; an ARN must be a Secrets Manager secret ARN"
                    + " (not, for example, a KMS key ARN). For a secret in another account, always use the full ARN.");
        } else {
            p.summary("The secret reference " + ref + " is a bare name, which resolves in the caller's own account"
                    + inParentheses(e.callerAccount()) + ": use the secret's full ARN.");
            p.explanation(said() + " AWS named the secret by the bare name it was given: a bare name resolves in the"
                    + " caller's own account; use the full ARN. Secrets Manager shows the raw name, not an ARN, when"
                    + " it could not resolve it to a secret in that account, so the identity-policy wording of the"
                    + " message is misleading here. If the secret really is in the caller's own account under that"
                    + " name, the identity policy is the problem instead: it must allow " + orElse(d.action(), GET)
                    + " on the secret's ARN.");
        }
    }

    private void regionMismatch(Diagnosis.Builder p) {
        p.summary("The request went to region " + requestRegion() + " but the secret's ARN names region "
                + e.arnRegion() + ": send it to " + e.arnRegion() + ".");
        p.explanation(said() + " AWS SDKs send every request to the client's configured region, not to the region"
                + " inside the ARN. In " + requestRegion() + " the secret" + secretName()
                + " does not exist, and Secrets Manager answers with "
                + (e.code().equals("resourcenotfound")
                        ? "ResourceNotFoundException"
                        : "an access denial that blames a policy")
                + " rather than naming the region. The secret's policies are probably fine: retry in "
                + e.arnRegion() + " before changing any of them.");
    }

    private void secretDeleted(Diagnosis.Builder p) {
        p.summary("The secret" + secretName() + " is marked for deletion" + in(d.account())
                + ": its owner must restore it.");
        p.explanation(said() + " A secret that is scheduled for deletion cannot be read until it is restored; once"
                + " the recovery window ends it is deleted for good and any new secret with that name gets a new"
                + " ARN suffix.");
    }

    private void versionNotFound(Diagnosis.Builder p) {
        if (d.detail() == Detail.STAGE_VERSION_MISMATCH) {
            p.summary("The requested version stage is not attached to the requested version id of the secret"
                    + secretName() + ": request one or the other, or a pair that matches.");
        } else {
            p.summary("The secret" + secretName() + " has no version "
                    + versionWords(e.failure().message()) + ": request a stage or version that exists.");
        }
        p.explanation(said() + " The secret exists but the requested version does not: either the caller asks for"
                + " a staging label or version id that is not there (AWSPREVIOUS exists only after a rotation or an"
                + " update; AWSPENDING only during one), or the secret has no value yet."
                + " aws secretsmanager list-secret-version-ids --secret-id " + orElse(e.secretRef(), "<secret>")
                + " shows the versions and their labels.");
    }

    private void keyState(Diagnosis.Builder p) {
        String key = orElse(e.keyRef(), "the secret's KMS key") + in(d.account());
        String findKey = e.keyRef() == null ? " The key's ARN is the KmsKeyId that DescribeSecret returns." : "";
        if (d.code() == DiagnosisCode.KEY_DISABLED) {
            p.summary("The KMS key " + key + " is disabled: its owner must enable it.");
            p.explanation(said() + " Secrets Manager could not decrypt the secret because its KMS key is disabled;"
                    + " no permission can change that. Every secret encrypted with this key is unreadable until"
                    + " the key's owner enables it again." + findKey);
        } else {
            p.summary("The KMS key " + key + " is pending deletion: its owner must cancel the deletion before the"
                    + " waiting period ends.");
            p.explanation(said() + " Secrets Manager could not decrypt the secret because its KMS key is scheduled"
                    + " for deletion. When the waiting period ends, the key and every secret version encrypted with"
                    + " it become unrecoverable. Cancelling the deletion leaves the key disabled, so it must also be"
                    + " enabled again." + findKey);
        }
    }

    private void invalidCredentials(Diagnosis.Builder p) {
        if (d.detail() == Detail.NO_CREDENTIALS) {
            p.summary("No AWS credentials were found: give the application credentials through the standard chain.");
            p.explanation("The AWS SDK found no credentials to sign the request with"
                    + inParentheses(oneLine(e.failure().exceptionMessage())) + "."
                    + " It looks for them in the system properties, the environment variables AWS_ACCESS_KEY_ID,"
                    + " AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, the web identity token, the shared profile"
                    + " (AWS_PROFILE), and the container or instance role, in that order.");
        } else if (d.detail() == Detail.SIGNATURE) {
            p.summary("The request signature does not match" + in(d.account()) + ": the secret access key does not"
                    + " belong to the access key id the application uses.");
            p.explanation(said() + " " + serviceName() + " recomputed the request's signature with the secret access"
                    + " key it holds for the access key id and got a different one: the secret access key is wrong (a"
                    + " typo, a stale value, a key from another pair), or something altered the request after signing"
                    + " (a proxy, or a wrong service or region in the signing scope).");
        } else {
            p.summary("AWS does not recognise the credentials" + in(d.account()) + ": the access key id or session"
                    + " token the application uses is invalid.");
            p.explanation(said() + " " + serviceName() + " does not know the access key id, or the session token does"
                    + " not belong to it: the key was deleted or deactivated, the session token is missing or"
                    + " truncated, or credentials of one partition (aws, aws-cn, aws-us-gov) are used in another."
                    + (e.code().equals("invalidclienttokenid") && e.isSts()
                            ? " STS gives the same answer in an opt-in region where STS is not enabled for the"
                                    + " account: use the STS endpoint of a region the account has enabled."
                            : ""));
        }
    }

    private void expiredCredentials(Diagnosis.Builder p) {
        if (d.detail() == Detail.CLOCK_SKEW) {
            p.summary("The caller's clock is off by more than 5 minutes: AWS rejected the request's signature time.");
            p.explanation(said() + " AWS accepts a signed request only within 5 minutes of its own time. The"
                    + " machine's clock is wrong: synchronize it (NTP, chrony, or the Amazon Time Sync Service).");
        } else {
            p.summary("The credentials have expired" + in(d.account()) + ": the application must refresh them.");
            p.explanation(said() + " The session token is past its expiry time (temporary credentials from STS,"
                    + " SSO or a profile last for at most a few hours), or the machine's clock is wrong. Credentials"
                    + " that the SDK refreshes itself (instance or task role, assumed role) do not expire this way"
                    + " unless the refresh fails; static temporary credentials in environment variables do.");
        }
    }

    private void throttled(Diagnosis.Builder p) {
        p.summary(serviceName() + " throttled the call ("
                + orElse(e.failure().code(), "HTTP " + e.failure().status())
                + "): this is transient, and the read is retried with backoff.");
        p.explanation(said() + " AWS limits how many requests per second an account may make to each API. The"
                + " failure is transient: retrying later succeeds with no change. If it persists, reduce the read rate"
                + " (a longer refresh interval, fewer instances refreshing in step) or ask AWS for a higher quota.");
    }

    private void serviceError(Diagnosis.Builder p) {
        if (d.detail() == Detail.NETWORK) {
            p.summary("The request to " + orElse(e.ctx().endpoint(), "AWS")
                    + " did not complete (connection refused, unknown"
                    + " host, network error or timeout): this is transient if the endpoint is right.");
            p.explanation("No AWS service answered: " + e.failure().exceptionClass()
                    + opt(": ", oneLine(e.failure().exceptionMessage()), "") + ". The endpoint"
                    + opt(" ", e.ctx().endpoint(), "")
                    + " could not be reached or did not answer in time: check that the endpoint URL and region are"
                    + " right, then DNS, proxies, security groups and VPC endpoints if it persists. Retrying later may"
                    + " succeed with no change.");
            return;
        }
        if (d.detail() == Detail.UNREADABLE) {
            p.summary("The response" + opt(" from ", e.ctx().endpoint(), "") + " could not be read: this is"
                    + " transient.");
            p.explanation("An answer came but could not be read: it was empty, truncated or not the JSON the service"
                    + " sends (" + e.failure().exceptionClass()
                    + "; its text is not shown, since it can quote the response)."
                    + " The failure is on the service's or the network's side, not a missing permission: retrying"
                    + " later may succeed with no change. If it persists, check any proxy between the application"
                    + " and AWS.");
            return;
        }
        p.summary(serviceName() + " failed to answer ("
                + orElse(e.failure().code(), "HTTP " + e.failure().status()) + "): this is transient.");
        String b = e.code();
        p.explanation(said() + " The failure is on AWS's side and is usually transient: retrying later may succeed"
                + " with no change."
                + (b.equals("internalfailure") || b.equals("internalserviceerror")
                        ? " If it persists for one secret only, check its KMS key: AWS lists "
                                + e.failure().code() + " among the symptoms of a KMS key the caller may not use."
                        : ""));
    }

    private void unknown(Diagnosis.Builder p) {
        if (d.detail() == Detail.NO_FAILURE) {
            p.summary("No failure was given, so there is nothing to diagnose.");
            p.explanation("The diagnosis engine was called without a failure. This is a bug in the calling code.");
            return;
        }
        if (d.detail() == Detail.NOT_AWS) {
            p.summary("The read failed with " + e.failure().exceptionClass()
                    + opt(": ", oneLine(e.failure().exceptionMessage()), "") + ".");
            p.explanation("No AWS service answered and the failure is not a known network or credentials problem,"
                    + " so it cannot be said which policy or setting is wrong. The exception was "
                    + e.failure().exceptionClass()
                    + opt(" with the message \"", oneLine(e.failure().exceptionMessage()), "\"") + ".");
            return;
        }
        p.summary(serviceName() + " answered " + orElse(e.failure().code(), "an error")
                + opt(": ", oneLine(e.failure().message()), "") + ".");
        p.explanation(said() + " xacct-secrets does not recognise this error, so it cannot say which policy or"
                + " setting is wrong; the AWS code and message are kept unchanged." + unknownHint());
    }

    private String unknownHint() {
        if (e.innerCode().equals("notfound")) {
            return " The KMS key the secret names does not exist where it was looked up: a key given by bare key id"
                    + " resolves in the caller's account, so a secret used from another account must name its key by"
                    + " ARN.";
        }
        return switch (e.code()) {
            case "decryptionfailure", "encryptionfailure" ->
                " Secrets Manager could not use the secret's KMS key: check that the key exists, is enabled, is not"
                        + " pending deletion, and that the caller may use it (aws kms describe-key --key-id with the"
                        + " KmsKeyId that DescribeSecret returns).";
            case "notfound" ->
                e.isKms()
                        ? " The KMS key does not exist in this account and region: a key in another account must be"
                                + " named by its full ARN."
                        : "";
            case "kmsinvalidstate" ->
                " The KMS key is not in a state that allows this operation (for example pending import or"
                        + " unavailable): aws kms describe-key shows its KeyState.";
            case "invalidciphertext" -> " KMS could not decrypt the ciphertext with the given encryption context.";
            case "regiondisabled" ->
                " STS is not activated in this region for the account: activate it in the IAM console, or use the"
                        + " STS endpoint of another region.";
            default -> "";
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fixes

    private Fix secretPolicyFix() {
        String account = e.secretAccount();
        List<String> actions = secretActions(d.action());
        String secret = orElse(e.secretArn(), e.secretRef());
        String of = (secret == null ? "the secret" : "secret " + secret) + in(account);
        return merge(
                account,
                PolicyKind.SECRET_RESOURCE_POLICY,
                e.secretArn(),
                Arns.isFullSecretArn(e.secretArn()),
                e.principal() == null
                        ? null
                        : FixStatements.secretResourcePolicyStatement(e.principal(), anyPath(), actions),
                "Merge this statement into the resource policy of " + of + " (aws secretsmanager put-resource-policy"
                        + " --secret-id " + orElse(secret, "<secret ARN>") + " replaces the whole policy, so keep"
                        + " every statement and Condition already there)" + pathCaveat() + ".",
                "Allow the caller's IAM role to call " + String.join(" and ", actions) + " in the resource policy of "
                        + of + "; the role's ARN is not known here: " + FIND_CALLER + ".");
    }

    private Fix keyPolicyFix() {
        String account = e.keyAccount();
        String of = (e.keyArn() != null
                        ? e.keyArn()
                        : "the secret's KMS key (its ARN is the KmsKeyId that aws secretsmanager describe-secret"
                                + " --secret-id " + orElse(e.secretRef(), "<secret ARN>") + " returns)")
                + in(account);
        String region = e.keyArn() != null ? Arns.region(e.keyArn()) : e.arnRegion();
        return merge(
                account,
                PolicyKind.KEY_POLICY,
                e.keyArn(),
                e.keyArn() != null,
                e.principal() == null || e.callerAccount() == null || region == null
                        ? null
                        : FixStatements.keyPolicyStatement(e.principal(), anyPath(), region, e.callerAccount()),
                "Merge this statement into the key policy of " + of + " (aws kms put-key-policy replaces the whole"
                        + " policy, so keep every statement already there); it allows kms:Decrypt only through Secrets"
                        + " Manager and only from account " + e.callerAccount() + pathCaveat() + ".",
                "Allow the caller's IAM role kms:Decrypt through Secrets Manager (kms:ViaService) in the key policy"
                        + " of " + of + "; the role's ARN is not known here: " + FIND_CALLER + ".");
    }

    private Fix trustFix() {
        return merge(
                e.roleAccount(),
                PolicyKind.TRUST_POLICY,
                e.roleArn(),
                e.roleArn() != null,
                e.principal() == null
                        ? null
                        : FixStatements.trustPolicyStatement(
                                e.principal(), e.ctx().externalId()),
                "Merge this statement into the trust policy of " + role() + in(e.roleAccount())
                        + " (aws iam update-assume-role-policy replaces the whole trust policy, so keep every"
                        + " statement already there)"
                        + (e.ctx().externalId() != null
                                ? "; it requires the external id the client sends."
                                : e.trust() != null
                                        ? "."
                                        : "; if the trust policy already names " + e.principal() + " under a"
                                                + " Condition such as sts:ExternalId, do not: keep the owner's"
                                                + " Condition and meet it on the client's side instead (a program"
                                                + " applying this fix must refuse it then)."),
                "Allow the calling identity to call sts:AssumeRole in the trust policy of " + role()
                        + in(e.roleAccount()) + "; the caller's ARN is not known here: run aws sts"
                        + " get-caller-identity with the application's base credentials to find it.");
    }

    /**
     * A statement to merge into a policy, which a program can apply when the target is known by its full ARN; without
     * a statement (a value it needs is unknown), what a person must do instead.
     */
    private static Fix merge(
            @Nullable String account,
            PolicyKind policy,
            @Nullable String target,
            boolean byArn,
            @Nullable String statement,
            String mergeWords,
            String byHandWords) {
        return statement == null
                ? Fix.of(account, policy, target, byHandWords, null)
                : byArn
                        ? Fix.applying(account, mergeWords, new Fix.MergeStatement(policy, target, statement))
                        : Fix.of(account, policy, target, mergeWords, statement);
    }

    private Fix customerKeyFix() {
        String create = "Create a customer managed KMS key" + in(d.account()) + opt(" (region ", e.arnRegion(), ")");
        String update = "aws secretsmanager update-secret --secret-id " + orElse(e.secretRef(), "<secret ARN>")
                + " --kms-key-id <new key ARN>";
        String instruction = e.principal() == null
                ? create + " whose key policy allows the caller's role kms:Decrypt and kms:DescribeKey, then switch"
                        + " the secret to it (" + update + "); the caller's role ARN is not known here: " + FIND_CALLER
                        + "."
                : create + " with this statement in its key policy, then switch the secret to it: " + update + ".";
        String statement = e.principal() == null || e.callerAccount() == null || e.arnRegion() == null
                ? null
                : FixStatements.keyPolicyStatement(e.principal(), anyPath(), e.arnRegion(), e.callerAccount());
        return Fix.of(d.account(), PolicyKind.KEY_POLICY, null, instruction, statement);
    }

    private Fix identitySecretFix() {
        List<String> actions = secretActions(d.action());
        String resource = Arns.isFullSecretArn(e.secretArn())
                ? e.secretArn()
                : Arns.isSecretArn(e.secretArn()) ? e.secretArn() + "-??????" : null;
        if (d.action() != null
                && (d.action().endsWith(":BatchGetSecretValue") || d.action().endsWith(":ListSecrets"))) {
            actions = List.of(d.action());
            resource = "*";
        }
        if (resource == null) {
            return identityByHand("Allow " + String.join(" and ", actions) + " on the secret's full ARN in an identity"
                    + " policy of " + who() + in(e.callerAccount()) + "; the ARN is not known here: aws"
                    + " secretsmanager describe-secret --secret-id " + orElse(e.secretRef(), "<secret>")
                    + " in the owner's account returns it.");
        }
        return attach("read-" + Arns.secretNameOf(resource), FixStatements.identityPolicy(actions, resource));
    }

    private Fix identityKeyFix() {
        List<String> actions = new ArrayList<>(List.of(DECRYPT));
        if (d.action() != null && d.action().startsWith("kms:") && !d.action().equals(DECRYPT)) {
            actions.add(d.action());
        }
        if (e.keyArn() == null) {
            return identityByHand("Allow " + String.join(" and ", actions) + " on the secret's KMS key in an identity"
                    + " policy of " + who() + in(e.callerAccount()) + "; the key's ARN is not known here: it is the"
                    + " KmsKeyId that aws secretsmanager describe-secret --secret-id "
                    + orElse(e.secretRef(), "<secret ARN>") + " returns.");
        }
        return attach("decrypt-" + Arns.nameOf(e.keyArn()), FixStatements.identityPolicy(actions, e.keyArn()));
    }

    private Fix genericIdentityFix() {
        if (d.action() == null || (!Arns.isArn(d.resource()) && !"*".equals(d.resource()))) {
            return identityByHand("Allow " + orElse(d.action(), "the denied action") + onResource()
                    + " in an identity policy of " + who() + in(e.callerAccount()) + ".");
        }
        return attach(d.action().replace(':', '-'), FixStatements.identityPolicy(List.of(d.action()), d.resource()));
    }

    private Fix assumeIdentityFix() {
        if (e.roleArn() == null) {
            return identityByHand("Allow sts:AssumeRole on the role's ARN in an identity policy of "
                    + orElse(e.principal(), "the calling identity") + in(e.callerAccount())
                    + "; the role's ARN is not known here: use the one the client is configured with.");
        }
        return attach(
                "assume-" + Arns.nameOf(e.roleArn()),
                FixStatements.identityPolicy(List.of("sts:AssumeRole"), e.roleArn()));
    }

    /** An identity policy change a person makes: a value its statement needs is not known here. */
    private Fix identityByHand(String instruction) {
        return Fix.of(e.callerAccount(), PolicyKind.IDENTITY_POLICY, e.principal(), instruction, null);
    }

    /**
     * An identity fix under a name of its own ({@code xacct-secrets-} and what it grants), so that fixes for one role
     * add up instead of replacing each other.
     */
    private Fix attach(String purpose, String document) {
        String account = e.callerAccount();
        String name = policyName(purpose);
        String principal = e.principal();
        if (principal == null) {
            return Fix.of(
                    account,
                    PolicyKind.IDENTITY_POLICY,
                    null,
                    "Attach this policy, as " + name + ", to the IAM role or user the application runs as" + in(account)
                            + " (aws sts get-caller-identity shows it).",
                    document);
        }
        String entity = Arns.isUserArn(principal) ? "user" : "role";
        String instruction = "Attach this policy to " + principal + in(account) + " as the inline policy " + name
                + ": aws iam put-" + entity + "-policy --" + entity + "-name " + Arns.nameOf(principal)
                + " --policy-name " + name + " --policy-document file://policy.json.";
        if (!Arns.isRoleArn(principal) && !Arns.isUserArn(principal)) {
            return Fix.of(account, PolicyKind.IDENTITY_POLICY, principal, instruction, document);
        }
        // Without its path (a role session, iam:GetRole not allowed) the ARN still names the role by account and name,
        // which is all put-role-policy takes.
        return Fix.applying(account, instruction, new Fix.AttachIdentityPolicy(principal, name, document));
    }

    static String policyName(String purpose) {
        String name = INLINE_POLICY_PREFIX + purpose.replaceAll("[^\\w+=,.@-]", "-");
        return name.length() <= 128 ? name : name.substring(0, 128);
    }

    /** Whether the principal is a role named from a session ARN, whose path is unknown. */
    private boolean anyPath() {
        return !e.principalExact() && Arns.isRoleArn(e.principal());
    }

    /** For a role whose path is unknown: why the statement names the account and the role's name. */
    private String pathCaveat() {
        return !anyPath()
                ? ""
                : "; the role's path is not known here (iam:GetRole was not allowed), so the statement names the role"
                        + " by its name in any path of account " + Arns.account(e.principal()) + " (aws:PrincipalArn)";
    }

    /** The trust policy names the caller only under a Condition: meet it on the client's side. */
    private Fix meetConditionFix() {
        return e.trust().requiresExternalId()
                ? externalIdFix("")
                : note(
                        d.account(),
                        "Meet the trust policy's Condition on "
                                + String.join(", ", e.trust().conditionKeys())
                                + " when assuming " + role() + ", or ask the role's owner" + in(e.roleAccount())
                                + " whether it should change: the owner's decision.");
    }

    /** When the trust policy may ask an external id the client does not send. */
    private @Nullable Fix externalIdHint() {
        if (e.ctx().externalId() != null) {
            return null;
        }
        if (e.trust() != null && e.trust().externalIdOfEveryone()) {
            return externalIdFix("The trust policy of " + role() + " asks an sts:ExternalId of every principal it lets"
                    + " in, so the statement above must carry the one the owner gives: ");
        }
        return e.trust() == null && d.policy() != PolicyKind.IDENTITY_POLICY
                ? externalIdFix("If the trust policy of " + role() + " names " + orElse(e.assumer(), "the caller")
                        + " only under an sts:ExternalId Condition, ")
                : null;
    }

    private Fix externalIdFix(String when) {
        return note(
                Evidence.first(e.assumerAccount(), e.roleAccount()),
                cap(when
                        + (e.ctx().externalId() == null
                                ? "configure the client with the external id the role's owner gives"
                                : "the external id the client sends is not the one the trust policy requires:"
                                        + " configure the one the role's owner gives")
                        + " (XacctSecretsClientBuilder.externalId, the CLI's --external-id); the owner's condition"
                        + " stays as it is."));
    }

    private Fix removeDenyFix() {
        String target = denyTarget();
        return Fix.of(
                d.account(),
                d.policy(),
                target,
                "Remove or narrow the Deny statement in " + policyWords() + inParentheses(target)
                        + in(d.account()) + " that matches " + orElse(d.action(), "the action") + " for " + who()
                        + onResource() + ".",
                null);
    }

    private Fix fullArnInsteadFix() {
        String ref = secretIdWords();
        return note(
                e.callerAccount(),
                "Configure the secret by its full ARN "
                        + (Arns.isSecretArn(e.ctx().secretArn())
                                        && !e.ctx().secretArn().equals(ref)
                                ? e.ctx().secretArn()
                                : "(arn:PARTITION:secretsmanager:REGION:OWNER_ACCOUNT:secret:NAME-SUFFIX, as"
                                        + " DescribeSecret shows it in the owner's account)")
                        + " instead of " + ref + ".");
    }

    private Fix guardrailFix() {
        String action = orElse(d.action(), "the action");
        PolicyKind kind = d.policy();
        List<String> actions = d.action() == null ? null : List.of(d.action());
        String arn = Arns.isArn(d.resource())
                ? d.resource()
                : e.isKms() ? e.keyArn() : e.isSecretsManager() ? e.secretArn() : null;
        if (kind == PolicyKind.PERMISSIONS_BOUNDARY || kind == PolicyKind.SESSION_POLICY) {
            String where = kind == PolicyKind.PERMISSIONS_BOUNDARY
                    ? "the permissions boundary policy attached to " + who() + in(d.account())
                    : "the session policy passed when the session of " + who()
                            + " is created (the Policy or PolicyArns parameters of AssumeRole), or stop passing one";
            String statement = actions == null || arn == null ? null : FixStatements.identityPolicy(actions, arn);
            String allow = "Allow " + action + " on the resource's full ARN in ";
            return addTo(d.account(), e.principal(), where, statement, allow);
        }
        if (kind == PolicyKind.VPC_ENDPOINT_POLICY) {
            String where = "the policy of the " + serviceName() + " VPC endpoint the application connects through"
                    + " (the account that owns the endpoint must change it)";
            String statement = actions == null || arn == null || e.principal() == null
                    ? null
                    : FixStatements.vpcEndpointPolicy(e.principal(), actions, arn);
            return addTo(null, null, where, statement, "Allow " + who() + " to call " + action + " in ");
        }
        if (kind == PolicyKind.SERVICE_CONTROL_POLICY) {
            return Fix.of(
                    null,
                    kind,
                    null,
                    "Ask the administrators of the AWS Organization to allow " + action + " in the service control"
                            + " policies that apply to "
                            + (e.callerAccount() == null ? "the caller's account" : "account " + e.callerAccount())
                            + " (for example with this statement in an allow-list SCP).",
                    actions == null ? null : FixStatements.identityPolicy(actions, "*"));
        }
        // Resource control policies: customer RCPs contain only Deny statements; the Allow comes from the AWS managed
        // RCPFullAWSAccess, which must stay attached.
        return Fix.of(
                null,
                kind,
                null,
                "Ask the administrators of the AWS Organization to make sure the resource control policies on "
                        + (e.secretAccount() == null ? "the resource owner's account" : "account " + e.secretAccount())
                        + " allow " + action + " (the AWS managed RCPFullAWSAccess policy must stay attached).",
                null);
    }

    /** A guardrail's fix: add the statement to the policy, or, when there is none, allow the action there by hand. */
    private Fix addTo(
            @Nullable String account, @Nullable String target, String where, @Nullable String statement, String allow) {
        String instruction = (statement == null ? allow : "Add this statement to ") + where + ".";
        return Fix.of(account, d.policy(), target, instruction, statement);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Wording helpers

    private String said() {
        AwsFailure f = e.failure();
        if (f.code() == null && f.message() == null) {
            return f.exceptionClass() == null
                    ? "AWS gave no error code or message."
                    : "The call failed with " + f.exceptionClass() + opt(": \"", oneLine(f.exceptionMessage()), "\"")
                            + ".";
        }
        String m = oneLine(f.message());
        return "AWS answered " + orElse(f.code(), "an error") + (f.status() > 0 ? " (HTTP " + f.status() + ")" : "")
                + (m == null
                        ? "."
                        : ": \"" + m + "\"" + (m.endsWith(".") || m.endsWith("!") || m.endsWith("?") ? "" : "."));
    }

    private String probeSaid() {
        return (e.failure().message() != null
                        ? "Secrets Manager answered \"" + oneLine(e.failure().message())
                                + "\", which does not say which policy is missing; "
                        : "KMS denied the decryption; ")
                + probeFound(e.probe()) + ", so";
    }

    private String policyWords() {
        return d.policy() != null
                ? d.policy().phrase()
                : e.type() != null ? "a " + e.type().wording() : "a policy";
    }

    private String denyWhere() {
        PolicyKind k = d.policy();
        if (k == null) {
            return " The message does not say which policy holds the Deny.";
        }
        String arn = e.denial() == null ? null : e.denial().policyArn();
        return switch (k) {
            case SECRET_RESOURCE_POLICY ->
                " The Deny is in the resource policy of the secret" + secretName()
                        + " (aws secretsmanager get-resource-policy shows it).";
            case KEY_POLICY ->
                " The Deny is in the key policy of " + orElse(e.keyRef(), "the secret's KMS key")
                        + " (aws kms get-key-policy --policy-name default shows it).";
            case TRUST_POLICY -> " The Deny is in the trust policy of " + orElse(e.roleArn(), "the role") + ".";
            case IDENTITY_POLICY ->
                " The Deny is in one of the policies (inline or managed, or of a group) attached to " + who() + ".";
            case PERMISSIONS_BOUNDARY -> " The Deny is in the permissions boundary attached to " + who() + ".";
            case SESSION_POLICY ->
                " The Deny is in the session policy passed when the role session was created (the Policy or"
                        + " PolicyArns parameters of AssumeRole): change the configuration that passes it.";
            case SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY ->
                (k == PolicyKind.SERVICE_CONTROL_POLICY ? " Service" : " Resource") + " control policies are"
                        + " managed in AWS Organizations by the organization's management account (or a delegated"
                        + " administrator), which the message does not name"
                        + (arn == null ? "." : "; the denying policy is " + arn + ".");
            case VPC_ENDPOINT_POLICY ->
                " The Deny is in the policy of the VPC endpoint the request went through; the account that owns"
                        + " the endpoint must change it.";
            default -> "";
        };
    }

    private String denyTarget() {
        String policyArn = e.denial() == null ? null : e.denial().policyArn();
        if (d.policy() == null) {
            return policyArn;
        }
        return switch (d.policy()) {
            case SECRET_RESOURCE_POLICY -> e.secretArn();
            case KEY_POLICY -> e.keyArn();
            case TRUST_POLICY -> e.roleArn();
            case IDENTITY_POLICY, PERMISSIONS_BOUNDARY, SESSION_POLICY -> policyArn != null ? policyArn : e.principal();
            default -> policyArn;
        };
    }

    private String guardrailWhere() {
        if (d.policy() == null) {
            return "";
        }
        return switch (d.policy()) {
            case SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY ->
                (d.policy() == PolicyKind.SERVICE_CONTROL_POLICY
                                ? " Service control policies apply to every principal of the caller's account"
                                : " Resource control policies apply to the resources of the owner's account")
                        + " and are managed in AWS Organizations by the organization's management account, which the"
                        + " message does not name.";
            case PERMISSIONS_BOUNDARY ->
                " The boundary is attached to " + who() + "; only actions that both it and the identity policy"
                        + " allow are permitted.";
            case SESSION_POLICY ->
                " The session policy was passed when the role session was created (the Policy or PolicyArns"
                        + " parameters of AssumeRole); the session may do only what both it and the role allow.";
            case VPC_ENDPOINT_POLICY ->
                " The request went through a VPC endpoint whose policy does not allow it; the account that owns"
                        + " the endpoint must change the policy.";
            default -> "";
        };
    }

    private static List<String> secretActions(String action) {
        // DescribeSecret reads no value; it lets a diagnosis find the key and tell a missing secret from a missing
        // statement, so the next failure, if any, is named exactly.
        List<String> actions = new ArrayList<>(List.of(GET, DESCRIBE));
        if (action != null
                && action.startsWith("secretsmanager:")
                && !actions.contains(action)
                && !action.endsWith(":BatchGetSecretValue")
                && !action.endsWith(":ListSecrets")) {
            actions.add(action);
        }
        return actions;
    }

    /** The role to assume, as best known. */
    private String role() {
        return e.roleArn() != null ? e.roleArn() : orElse(d.resource(), "the role");
    }

    /** The region the request went to: the client's, or the one an old-format denial names. */
    private @Nullable String requestRegion() {
        return e.regionMismatch() ? e.clientRegion() : e.deniedRegion();
    }

    /** The key's ARN (or alias ARN) for a command; with a key ARN known, keyRef is that ARN. */
    private String keyArg() {
        return orElse(e.keyRef(), "<key ARN>");
    }

    /** The secret reference AWS refused or could not resolve. */
    private String secretIdWords() {
        return orElse(e.bareName() ? d.resource() : e.secretRef(), "the secret id");
    }

    private String onResource() {
        return opt(" on ", d.resource(), "");
    }

    private static String inParentheses(@Nullable String s) {
        return opt(" (", s, ")");
    }

    /** The value between its words, or nothing when it is unknown. */
    private static String opt(String before, @Nullable String value, String after) {
        return value == null ? "" : before + value + after;
    }

    private String who() {
        return e.principal() != null ? e.principal() : orElse(e.callerArn(), "the caller");
    }

    private static String in(@Nullable String account) {
        return opt(" in account ", account, "");
    }

    private static String inOr(String account, String unknown) {
        return account == null ? " (in " + unknown + ")" : " in account " + account;
    }

    /** A summary: "{policy} does not allow {who} to call {action}{on}." */
    private String notAllowed(String policy, @Nullable String action, String on) {
        return cap(policy) + " does not allow " + who() + " to call " + action + on + ".";
    }

    private String onSecret() {
        return opt(" on ", Evidence.first(e.secretArn(), d.resource(), e.secretRef()), "");
    }

    private String onKey() {
        return opt(" on ", Evidence.first(e.keyRef(), d.resource()), "");
    }

    private String secretName() {
        return opt(" ", e.secretRef(), "");
    }

    private String serviceName() {
        return e.service().displayName();
    }

    private static String versionWords(@Nullable String message) {
        String m = message == null ? "" : message;
        int at = m.toLowerCase(Locale.ROOT).indexOf("staging label");
        at = at >= 0 ? at : m.indexOf("VersionId");
        return at < 0
                ? "matching the request"
                : "with " + oneLine(m.substring(at)).replace(": ", " ").trim().replaceAll("\\.+$", "");
    }

    static String oneLine(String s) {
        return s == null ? null : s.replaceAll("\\s+", " ").trim();
    }

    static String cap(String s) {
        return s == null || s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String orElse(String s, String fallback) {
        return s == null ? fallback : s;
    }
}
