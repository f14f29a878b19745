package dev.xacct.secrets.internal.diagnosis;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.Fix;
import dev.xacct.secrets.PolicyKind;
import dev.xacct.secrets.internal.diagnosis.DenialMessage.PolicyType;
import dev.xacct.secrets.internal.diagnosis.Facts.Detail;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the words of a diagnosis (summary, explanation) and its fixes from classified {@link Facts}.
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

    private Reports() {}

    static Diagnosis.Builder write(Facts x) {
        Diagnosis.Builder p = Diagnosis.builder()
                .code(x.code)
                .account(x.account)
                .policy(x.policy)
                .action(x.action)
                .resource(x.resource)
                .callerArn(x.callerArn)
                .requestId(x.requestId)
                .awsErrorCode(x.awsCode)
                .awsMessage(x.awsMessage);
        // The writer of each code's words and fixes: the one place a diagnosis' prose comes from.
        switch (x.code) {
            case OK -> ok(x, p);
            case SECRET_RESOURCE_POLICY -> secretResourcePolicy(x, p);
            case KEY_POLICY -> keyPolicy(x, p);
            case IDENTITY_POLICY -> identityPolicy(x, p);
            case KMS_ACCESS_DENIED -> kmsAccessDenied(x, p);
            case ACCESS_DENIED -> accessDenied(x, p);
            case AWS_MANAGED_KEY -> awsManagedKey(x, p);
            case EXPLICIT_DENY -> explicitDeny(x, p);
            case POLICY_GUARDRAIL -> guardrail(x, p);
            case ASSUME_ROLE_DENIED -> assumeRoleDenied(x, p);
            case SECRET_NOT_FOUND -> secretNotFound(x, p);
            case INVALID_SECRET_ID -> invalidSecretId(x, p);
            case REGION_MISMATCH -> regionMismatch(x, p);
            case SECRET_DELETED -> secretDeleted(x, p);
            case VERSION_NOT_FOUND -> versionNotFound(x, p);
            case KEY_DISABLED, KEY_PENDING_DELETION -> keyState(x, p);
            case INVALID_CREDENTIALS -> invalidCredentials(x, p);
            case EXPIRED_CREDENTIALS -> expiredCredentials(x, p);
            case THROTTLED -> throttled(x, p);
            case SERVICE_ERROR -> serviceError(x, p);
            default -> unknown(x, p);
        }
        return p;
    }

    /**
     * The parts for a secret that resolved in another account than the expected owner.
     *
     * @param resolvedArn the ARN that was read, may be {@code null}
     * @param expectedAccount the expected owner, may be {@code null}
     * @param actualAccount the actual owner, may be {@code null}
     * @return the parts
     */
    static Diagnosis.Builder unexpectedOwner(String resolvedArn, String expectedAccount, String actualAccount) {
        String actual = actualAccount != null ? actualAccount : Arns.account(resolvedArn);
        String what = resolvedArn == null ? "a secret" : resolvedArn;
        String expected = expectedAccount == null ? "the expected account" : "account " + expectedAccount;
        String region = Arns.region(resolvedArn);
        String name = secretNameOf(resolvedArn);
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

    private static String secretNameOf(String arn) {
        return Arns.parse(arn)
                .map(a -> a.resourceAsString())
                .filter(r -> r.startsWith("secret:"))
                .map(r -> r.substring("secret:".length()))
                .map(r -> r.matches(".*-[A-Za-z0-9]{6}$") ? r.substring(0, r.length() - 7) : r)
                .orElse(null);
    }

    /**
     * The last-resort parts when the engine itself failed: UNKNOWN with the failure's class and message.
     *
     * @param failure the failure being diagnosed, may be {@code null}
     * @return the parts; building them cannot throw
     */
    static Diagnosis.Builder fallback(Throwable failure) {
        String what = failure == null ? "no failure" : failure.getClass().getName();
        String message = null;
        try {
            message = failure == null ? null : failure.getMessage();
        } catch (RuntimeException ignored) {
            // keep null
        }
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
    private static Fix run(String account, String what, boolean byArn, String... command) {
        String instruction = what + ": " + String.join(" ", command) + ".";
        return byArn
                ? Fix.applying(account, instruction, new Fix.RunCommand(List.of(command)))
                : Fix.of(account, null, null, instruction, null);
    }

    /** Adds a fix the engine may not have been able to write (a missing value gives none). */
    private static Diagnosis.Builder addFix(Diagnosis.Builder p, Fix fix) {
        return fix == null ? p : p.addFix(fix);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Per code

    private static void ok(Facts x, Diagnosis.Builder p) {
        p.summary("The secret" + secretName(x) + " was read successfully"
                + (x.callerArn == null ? "" : " by " + x.callerArn) + ".");
        p.explanation("Every policy AWS evaluated allowed the read: the secret's resource policy, the KMS key policy"
                + " and the identity policy (for a secret in another account all three are needed), and the secret's"
                + " KMS key is usable.");
    }

    private static void secretResourcePolicy(Facts x, Diagnosis.Builder p) {
        boolean mayNotExist = x.policy == null;
        boolean exists = Boolean.TRUE.equals(x.ctx.secretDescribed());
        p.summary(cap(PolicyKind.SECRET_RESOURCE_POLICY.phrase()) + in(x.account) + " does not allow " + who(x)
                + " to call " + x.action + onSecret(x)
                + (mayNotExist ? ", or no secret exists at that ARN: AWS answers both alike" : "") + ".");
        StringBuilder e = new StringBuilder(said(x));
        if (mayNotExist) {
            e.append(" From another account, Secrets Manager gives this answer both when the secret's resource policy"
                    + " has no statement for the caller (or one whose Condition, such as secretsmanager:VersionStage,"
                    + " the request does not meet) and when no secret exists at that ARN, so both are listed, the"
                    + " policy first. The secret may not exist there: a region, account or name that is off by a"
                    + " typo, or a suffix that belonged to a secret since deleted and created again (a new secret gets a"
                    + " new suffix). If the owner's put-resource-policy answers ResourceNotFoundException, that is the"
                    + " case. What tells them apart: allow the caller secretsmanager:DescribeSecret in both policies,"
                    + " and this diagnosis checks whether the secret is there.");
            e.append(trapWords(x));
        } else if (exists) {
            e.append(" DescribeSecret of the same ARN succeeded, so the secret exists and its resource policy has a"
                            + " statement for the caller, but not one that allows ")
                    .append(x.action)
                    .append(" for this"
                            + " request. Most likely that statement has a Condition the request does not meet (such as"
                            + " secretsmanager:VersionStage, aws:PrincipalOrgID or aws:SourceVpce), which only its owner can"
                            + " weigh: the statement below would bypass such a Condition, so merge it only if the policy lacks"
                            + " the action.");
        } else {
            e.append(" Secrets Manager evaluated the secret's resource policy")
                    .append(in(x.account))
                    .append(" and found no statement that allows ")
                    .append(who(x))
                    .append(" to call ")
                    .append(x.action)
                    .append("; a statement whose Condition the request does not meet (for example"
                            + " on secretsmanager:VersionStage) gives the same message.");
        }
        e.append(" AWS names only one policy type in its message even when several are missing, so if the read"
                        + " still fails after this fix, check the identity policy of ")
                .append(who(x))
                .append(in(x.callerAccount))
                .append(" too: it must allow ")
                .append(x.action)
                .append(" on the secret's ARN.");
        if (x.bareName) {
            e.append(" AWS named the secret by its bare name, which resolves in the caller's own account; for a secret"
                    + " in another account use its full ARN.");
        }
        p.explanation(e.toString());
        Fix merge = secretPolicyFix(x, x.account);
        addFix(
                p,
                exists
                        ? Fix.of(
                                merge.account(), merge.policy(), merge.target(), merge.instruction(), merge.statement())
                        : merge);
        if (mayNotExist) {
            addFix(
                    p,
                    Fix.of(
                            x.callerAccount,
                            null,
                            null,
                            "If the secret's owner finds no secret at "
                                    + orElse(x.secretArn, "that ARN")
                                    + ", configure the full ARN that DescribeSecret or the console"
                                    + " shows for it in its owner's account: its region, account, name and current suffix.",
                            null));
        }
    }

    /** The trap the ARN itself shows, if any. */
    private static String trapWords(Facts x) {
        String arn = x.secretArn;
        if (arn != null && arn.matches(".*:secret:.+-[a-z]{6}")) {
            return " The ARN ends in a hyphen and six lowercase letters (" + arn.substring(arn.length() - 7)
                    + "): if that is part of the secret's name and not AWS's suffix, it is a partial ARN that AWS"
                    + " takes for a complete one and matches no secret; use the full ARN, with the suffix.";
        }
        return "";
    }

    private static void keyPolicy(Facts x, Diagnosis.Builder p) {
        p.summary(cap(PolicyKind.KEY_POLICY.phrase()) + in(x.account) + " does not allow " + who(x) + " to call "
                + x.action + onKey(x) + ".");
        StringBuilder e = new StringBuilder();
        if (x.probe != null) {
            e.append(probeSaid(x))
                    .append(" the KMS key policy")
                    .append(in(x.account))
                    .append(" does not allow ")
                    .append(who(x))
                    .append(" to use the key.");
            e.append(" A direct call to KMS is evaluated without the context Secrets Manager adds"
                    + " (kms:ViaService), so a key policy that allows only calls via Secrets Manager can deny the"
                    + " probe and still allow the read: if this fix changes nothing, check the identity policy too.");
        } else {
            e.append(said(x))
                    .append(" KMS evaluated the key policy")
                    .append(onKey(x))
                    .append(in(x.account))
                    .append(" and found no statement that allows ")
                    .append(who(x))
                    .append(" to call ")
                    .append(x.action)
                    .append(".");
            e.append(" Unlike other resource policies, a key policy is required even within one account; for a caller"
                    + " from another account it must name the caller's role (or its account) and the caller's identity"
                    + " policy must allow kms:Decrypt on the key as well.");
            e.append(" AWS names only one policy type in its message, so if this fix is not enough, check the"
                            + " identity policy of ")
                    .append(who(x))
                    .append(in(x.callerAccount))
                    .append(" too.");
        }
        p.explanation(e.toString());
        addFix(p, keyPolicyFix(x, x.account));
    }

    private static void identityPolicy(Facts x, Diagnosis.Builder p) {
        boolean kms = x.isKms();
        String on = kms ? onKey(x) : onSecret(x);
        p.summary(cap(PolicyKind.IDENTITY_POLICY.phrase()) + in(x.account) + " does not allow " + who(x) + " to call "
                + x.action + on + ".");
        StringBuilder e = new StringBuilder();
        if (x.probe != null) {
            e.append(probeSaid(x))
                    .append(" the identity policy of ")
                    .append(who(x))
                    .append(in(x.account))
                    .append(" does not allow kms:Decrypt")
                    .append(onKey(x))
                    .append(".");
            e.append(" A direct call to KMS is evaluated without the context Secrets Manager adds (kms:ViaService),"
                    + " so if this fix changes nothing, check the key policy too.");
        } else {
            e.append(said(x))
                    .append(" None of the identity policies attached to ")
                    .append(who(x))
                    .append(in(x.account))
                    .append(" allows ")
                    .append(x.action)
                    .append(on)
                    .append(".");
            if (kms) {
                e.append(" To read a secret, the caller's identity policy must allow kms:Decrypt on the key's ARN;"
                        + " for a key in another account the key policy must allow it as well.");
            } else if (x.detail != Detail.GENERIC_SERVICE) {
                e.append(" The caller's identity policy must allow ")
                        .append(x.action)
                        .append(" on the secret's ARN; for a secret in another account the secret's resource policy"
                                + " must allow it as well.");
            }
            e.append(" AWS names only one policy type in its message even when several are missing, so if the read"
                    + " still fails after this fix, check ");
            e.append(
                    kms
                            ? "the key policy"
                            : x.detail == Detail.GENERIC_SERVICE
                                    ? "the resource's policy"
                                    : "the secret's resource policy");
            e.append(" and any permissions boundary as well.");
        }
        p.explanation(e.toString());
        if (kms) {
            addFix(p, identityKeyFix(x, x.account));
        } else if (x.detail == Detail.GENERIC_SERVICE) {
            addFix(p, genericIdentityFix(x, x.account));
        } else {
            addFix(p, identitySecretFix(x, x.account));
        }
    }

    private static void kmsAccessDenied(Facts x, Diagnosis.Builder p) {
        String keyAcct = x.keyAccount;
        String keyWords = x.keyArn != null ? x.keyArn : x.keyRef != null ? x.keyRef : "the secret's KMS key";
        p.summary(cap(PolicyKind.KEY_POLICY.phrase()) + inOr(keyAcct, "the key owner's account") + " or "
                + PolicyKind.IDENTITY_POLICY.phrase()
                + in(x.callerAccount) + " does not allow " + who(x) + " to call kms:Decrypt on " + keyWords + ".");
        StringBuilder e = new StringBuilder(said(x));
        if (x.detail == Detail.KMS_DIRECT_NO_REASON) {
            e.append(" KMS denied the call without saying which policy is missing (or, in its older wording,"
                    + " whether the key exists in this region at all).");
        } else if (x.detail == Detail.KMS_VIA_DECRYPTION_FAILURE) {
            e.append(" Secrets Manager could not decrypt the secret because KMS denied it, and the message does not"
                    + " say which policy is missing.");
        } else {
            e.append(" Secrets Manager could not decrypt the secret with its KMS key on the caller's behalf. It says"
                    + " this whether the key policy or the caller's identity policy lacks kms:Decrypt, and never names"
                    + " the key or the policy.");
        }
        e.append(" For a key in another account both must allow kms:Decrypt; within one account either can be"
                + " enough. Both candidate fixes are listed, the key policy first; each is the least a read through"
                + " Secrets Manager needs, so applying both weakens nothing.");
        if (x.keyArn == null) {
            e.append(" The key's ARN is not known here: it is the KmsKeyId that DescribeSecret returns for the"
                    + " secret. What would tell the two policies apart: configure the client's kmsKeyArn, or allow the"
                    + " caller secretsmanager:DescribeSecret, and let the application's role call"
                    + " iam:SimulatePrincipalPolicy and iam:GetRole on itself.");
        } else {
            e.append(" What would tell them apart: a direct kms:Decrypt probe is evaluated without the kms:ViaService"
                    + " that Secrets Manager adds, so its denial by the key policy proves nothing; letting the"
                    + " application's role call iam:SimulatePrincipalPolicy and iam:GetRole on itself does.");
        }
        if (x.awsMessage != null && x.awsMessage.toLowerCase(Locale.ROOT).contains("not encrypted with the current")) {
            e.append(" AWS adds that this version of the secret is not encrypted with the secret's current KMS key:"
                    + " it was encrypted with an earlier key, which the caller must also be allowed to use, or the"
                    + " owner can store a new version so that it is encrypted with the current key.");
        }
        if (x.managedKey == null) {
            e.append(" If the secret is encrypted with the AWS managed key aws/secretsmanager (DescribeSecret shows no"
                    + " KmsKeyId), no policy change can help a caller from another account: the owner must re-encrypt"
                    + " it with a customer managed key.");
        } else if (Boolean.TRUE.equals(x.managedKey)) {
            e.append(" The secret is encrypted with the AWS managed key aws/secretsmanager, whose key policy cannot be"
                    + " changed; if the caller is in another account, the owner must re-encrypt it with a customer"
                    + " managed key.");
        }
        p.explanation(e.toString());
        addFix(p, keyPolicyFix(x, keyAcct));
        addFix(p, identityKeyFix(x, x.callerAccount));
    }

    private static void accessDenied(Facts x, Diagnosis.Builder p) {
        if (x.detail == Detail.GENERIC_SERVICE) {
            p.summary(cap(PolicyKind.IDENTITY_POLICY.phrase()) + in(x.callerAccount) + " or the resource's policy"
                    + " does not allow " + who(x) + " to call " + orElse(x.action, "this action")
                    + (x.resource == null ? "" : " on " + x.resource) + ".");
            p.explanation(said(x) + " " + serviceName(x) + " denied the call"
                    + (x.denial != null && x.denial.reason() == DenialMessage.Reason.NONE
                            ? " without saying which policy is missing."
                            : ".")
                    + " The identity policy of " + who(x) + " and, if the resource has one, the resource's own"
                    + " policy must both allow it for a cross-account call.");
            addFix(p, genericIdentityFix(x, x.callerAccount));
            return;
        }
        String action = orElse(x.action, GET);
        p.summary(cap(PolicyKind.SECRET_RESOURCE_POLICY.phrase()) + inOr(x.secretAccount, "the secret owner's account")
                + " or "
                + PolicyKind.IDENTITY_POLICY.phrase() + in(x.callerAccount) + " does not allow " + who(x)
                + " to call " + action + onSecret(x) + ".");
        p.explanation(said(x)
                + " The message has no reason clause (the format Secrets Manager used before about 2021, and some"
                + " emulators still use), so it does not say which policy denied the request."
                + " For a secret in another account, both the secret's resource policy and the caller's identity"
                + " policy must allow " + action + "; within one account either is enough. Both candidate fixes are"
                + " listed. An explicit Deny, a service control policy, or a resource policy Condition that does not"
                + " match (for example on secretsmanager:VersionStage) gives the same message.");
        addFix(p, secretPolicyFix(x, x.secretAccount));
        addFix(p, identitySecretFix(x, x.callerAccount));
    }

    private static void awsManagedKey(Facts x, Diagnosis.Builder p) {
        p.summary(cap(PolicyKind.KEY_POLICY.phrase()) + in(x.account) + " can never let another account use the AWS"
                + " managed key aws/secretsmanager that encrypts the secret" + secretName(x)
                + ": re-encrypt it with a customer managed key.");
        StringBuilder e = new StringBuilder();
        if (x.detail == Detail.MANAGED_KEY_FROM_CONTEXT) {
            e.append(said(x))
                    .append(" DescribeSecret shows no customer managed key, so the secret is encrypted with"
                            + " the AWS managed key aws/secretsmanager");
        } else {
            e.append(said(x)).append(" The secret is encrypted with the AWS managed key aws/secretsmanager");
        }
        e.append(", whose key policy allows only callers from the secret's own account");
        e.append(x.account == null ? "" : " (" + x.account + ")");
        e.append(" and cannot be edited; so no policy change lets ").append(who(x));
        e.append(x.callerAccount == null ? "" : " in account " + x.callerAccount)
                .append(" read it.");
        e.append(" The secret's owner must create a customer managed KMS key whose key policy allows the caller, and"
                + " switch the secret to it; Secrets Manager then re-encrypts the AWSCURRENT, AWSPENDING and"
                + " AWSPREVIOUS versions with the new key. The caller's identity policy must then allow kms:Decrypt"
                + " on the new key's ARN.");
        p.explanation(e.toString());

        String principal = x.principal;
        String updateCommand = "aws secretsmanager update-secret --secret-id " + orElse(x.secretRef, "<secret ARN>")
                + " --kms-key-id <new key ARN>";
        if (principal != null) {
            addFix(
                    p,
                    Fix.of(
                            x.account,
                            PolicyKind.KEY_POLICY,
                            null,
                            "Create a customer managed KMS key" + in(x.account) + regionWords(x.arnRegion)
                                    + " with this statement in its key policy, then switch the secret to it: "
                                    + updateCommand + ".",
                            x.callerAccount == null || x.arnRegion == null
                                    ? null
                                    : FixStatements.keyPolicyStatement(
                                            principal, anyPath(x), x.arnRegion, x.callerAccount)));
        } else {
            addFix(
                    p,
                    Fix.of(
                            x.account,
                            PolicyKind.KEY_POLICY,
                            null,
                            "Create a customer managed KMS key" + in(x.account) + regionWords(x.arnRegion)
                                    + " whose key policy allows the caller's role kms:Decrypt and kms:DescribeKey, then switch"
                                    + " the secret to it (" + updateCommand
                                    + "); the caller's role ARN is not known here: "
                                    + findCaller() + ".",
                            null));
        }
        addFix(
                p,
                Fix.of(
                        x.callerAccount,
                        PolicyKind.IDENTITY_POLICY,
                        principal,
                        "Then allow kms:Decrypt on the new key's ARN in an identity policy of " + who(x)
                                + in(x.callerAccount) + ".",
                        null));
    }

    private static void explicitDeny(Facts x, Diagnosis.Builder p) {
        String policyWords = policyWords(x);
        String action = orElse(x.action, "the action");
        p.summary(cap(policyWords) + in(x.account) + " explicitly denies " + who(x) + " " + action
                + (x.resource == null ? "" : " on " + x.resource) + ".");
        StringBuilder e = new StringBuilder(said(x));
        e.append(" An explicit Deny overrides every Allow, so adding permissions elsewhere cannot help: the owner of ")
                .append(policyWords)
                .append(" must remove the Deny statement that matches this request, or narrow it")
                .append(" (its Principal, Action, Resource or Condition) so that it no longer matches.");
        e.append(denyWhere(x));
        if (x.denial != null && x.denial.transitiveType() != null) {
            e.append(" AWS adds that the deny applies transitively through a ")
                    .append(x.denial.transitiveType().wording())
                    .append(", so the Deny may be in that policy instead.");
        }
        if (x.policy == PolicyKind.SERVICE_CONTROL_POLICY) {
            e.append(" AWS reports service control policy denials as explicit even when no SCP allows the action,"
                    + " so the fix may also be an Allow in the SCPs that apply to the account.");
        }
        p.explanation(e.toString());
        String target = denyTarget(x);
        addFix(
                p,
                Fix.of(
                        x.account,
                        x.policy,
                        target,
                        "Remove or narrow the Deny statement in " + policyWords
                                + (target == null ? "" : " (" + target + ")") + in(x.account)
                                + " that matches " + action + " for " + who(x)
                                + (x.resource == null ? "" : " on " + x.resource) + ".",
                        null));
    }

    private static void guardrail(Facts x, Diagnosis.Builder p) {
        String policyWords = policyWords(x);
        String action = orElse(x.action, "the action");
        p.summary(cap(policyWords) + in(x.account) + " does not allow " + who(x) + " to call " + action
                + (x.resource == null ? "" : " on " + x.resource) + ".");
        StringBuilder e = new StringBuilder(said(x));
        e.append(" ")
                .append(cap(policyWords))
                .append(" is a guardrail: it grants nothing by itself but sets the")
                .append(" most the caller may do, so even with the secret's resource policy, the key policy and the")
                .append(" identity policy all in place the request is denied until it also allows ")
                .append(action)
                .append(".");
        e.append(guardrailWhere(x));
        p.explanation(e.toString());
        addFix(p, guardrailFix(x, action));
    }

    private static void assumeRoleDenied(Facts x, Diagnosis.Builder p) {
        String role = x.roleArn != null ? x.roleArn : orElse(x.resource, "the role");
        String caller = x.assumer != null ? x.assumer : "the caller";
        if (x.detail == Detail.ROOT_CALLER) {
            p.summary("Root user credentials" + in(x.assumerAccount) + " can never assume a role: run the application"
                    + " as an IAM user or role allowed to assume " + role + ".");
            p.explanation(said(x) + " AWS does not let the root user of an account call sts:AssumeRole, whatever the"
                    + " role's trust policy says. Give the application the credentials of an IAM user or role (for"
                    + " example the instance or task role) whose identity policy allows sts:AssumeRole on " + role
                    + ", and allow that identity in the role's trust policy.");
            addFix(
                    p,
                    Fix.of(
                            x.assumerAccount,
                            null,
                            null,
                            "Replace the root user credentials with those of an IAM user or role allowed to assume "
                                    + role + ".",
                            null));
            return;
        }
        if (x.trust != null && x.trust.verdict() == TrustReading.Verdict.ONLY_UNDER_CONDITION) {
            trustCondition(x, p, role, caller);
            return;
        }
        if (x.policy == PolicyKind.IDENTITY_POLICY) {
            p.summary(cap(PolicyKind.IDENTITY_POLICY.phrase()) + in(x.assumerAccount) + " does not allow " + caller
                    + " to call sts:AssumeRole on " + role + ".");
        } else if (x.policy == PolicyKind.TRUST_POLICY) {
            p.summary(cap(PolicyKind.TRUST_POLICY.phrase()) + in(x.roleAccount) + " does not allow " + caller
                    + " to assume " + role + ".");
        } else {
            p.summary(cap(PolicyKind.TRUST_POLICY.phrase()) + inOr(x.roleAccount, "the role's account")
                    + " or the caller's identity policy"
                    + in(x.assumerAccount) + " does not allow " + caller + " to assume " + role + ".");
        }
        StringBuilder e = new StringBuilder(said(x));
        e.append(" To assume ")
                .append(role)
                .append(", two policies must agree: the role's trust policy")
                .append(in(x.roleAccount))
                .append(" must allow ")
                .append(caller)
                .append(" as principal, and an")
                .append(" identity policy of ")
                .append(caller)
                .append(in(x.assumerAccount))
                .append(" must allow sts:AssumeRole on the role's ARN (within one account, a trust policy that names")
                .append(" the caller is enough).");
        if (x.trust != null) {
            e.append(
                    x.trust.verdict() == TrustReading.Verdict.NOT_NAMED
                            ? " The trust policy, read with iam:GetRole, has no statement that allows " + caller + "."
                            : " The trust policy, read with iam:GetRole, allows " + caller + " without a Condition.");
        } else if (x.denial == null || x.denial.reason() == DenialMessage.Reason.NONE) {
            e.append(" STS does not say which of the two denied; both fixes are listed.");
        } else {
            e.append(" AWS names only one policy type in its message, so both fixes are listed, the named one first.");
        }
        if (x.trust == null) {
            e.append(" A trust policy Condition that the request does not meet (an ExternalId the client does not"
                    + " send or sends wrong, a required session tag or MFA) gives the same message.");
        }
        p.explanation(e.toString());
        Fix trust = trustFix(x, role);
        Fix identity = assumeIdentityFix(x);
        if (x.policy == PolicyKind.IDENTITY_POLICY) {
            addFix(addFix(p, identity), trust);
        } else {
            addFix(addFix(p, trust), identity);
        }
        if (x.trust != null && x.trust.externalIdOfEveryone() && x.externalId == null) {
            addFix(
                    p,
                    externalIdFix(
                            x,
                            "The trust policy of " + role + " asks an sts:ExternalId of"
                                    + " every principal it lets in, so the statement above must carry the one the owner gives: "));
        } else if (x.trust == null && x.externalId == null && x.policy != PolicyKind.IDENTITY_POLICY) {
            addFix(
                    p,
                    externalIdFix(
                            x,
                            "If the trust policy of " + role + " names " + caller + " only under an sts:ExternalId"
                                    + " Condition, "));
        }
    }

    /** The trust policy names the caller, but only under a Condition the request did not meet: the client's side. */
    private static void trustCondition(Facts x, Diagnosis.Builder p, String role, String caller) {
        String keys = String.join(", ", x.trust.conditionKeys());
        p.summary(cap(PolicyKind.TRUST_POLICY.phrase()) + in(x.roleAccount) + " allows " + caller + " to assume " + role
                + " only under a Condition (" + keys + ") that the request did not meet.");
        p.explanation(said(x) + " The trust policy, read with iam:GetRole, names " + caller + " only in statements"
                + " with a Condition on " + keys + ". That Condition is the role owner's control: the fix is to meet"
                + " it, not to add a statement without it.");
        if (x.trust.requiresExternalId()) {
            addFix(p, externalIdFix(x, ""));
        } else {
            addFix(
                    p,
                    Fix.of(
                            x.account,
                            null,
                            null,
                            "Meet the trust policy's Condition on " + keys + " when assuming "
                                    + role + ", or ask the role's owner" + in(x.roleAccount)
                                    + " whether it should change: the"
                                    + " owner's decision.",
                            null));
        }
    }

    private static Fix externalIdFix(Facts x, String when) {
        String instruction = x.externalId == null
                ? "configure the client with the external id the role's owner gives (XacctSecretsClientBuilder"
                        + ".externalId, the CLI's --external-id); the owner's condition stays as it is."
                : "the external id the client sends is not the one the trust policy requires: configure the one the"
                        + " role's owner gives (XacctSecretsClientBuilder.externalId, the CLI's --external-id); the"
                        + " owner's condition stays as it is.";
        return Fix.of(
                Classifier.firstNonNull(x.assumerAccount, x.roleAccount), null, null, cap(when + instruction), null);
    }

    private static void secretNotFound(Facts x, Diagnosis.Builder p) {
        p.summary("Secrets Manager found no secret " + orElse(x.secretRef, "with this id")
                + (x.clientRegion == null ? "" : " in region " + x.clientRegion)
                + ": check the secret's name, suffix, account and region.");
        StringBuilder e = new StringBuilder(said(x));
        e.append(" Secrets Manager looked the secret up and found none.");
        e.append(" A bare name or partial ARN is looked up in the caller's own account");
        e.append(x.callerAccount == null ? "" : " (" + x.callerAccount + ")");
        e.append(": for a secret in another account use its full ARN.");
        e.append(" A full ARN must carry the current 6-character suffix: a secret that was deleted and created again"
                + " has a new one.");
        e.append(" The request goes to the client's region");
        e.append(x.clientRegion == null ? "" : " (" + x.clientRegion + ")");
        e.append(", which must be the region the ARN names.");
        e.append(" If the caller lacked permission, AWS would normally answer AccessDenied instead: authorization is"
                + " checked before existence.");
        p.explanation(e.toString());
        addFix(
                p,
                Fix.of(
                        x.callerAccount,
                        null,
                        null,
                        "Configure the secret by the full ARN that DescribeSecret or the console shows for it in its owner's"
                                + " account (arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-SUFFIX), and send the"
                                + " request to the region that ARN names.",
                        null));
    }

    private static void invalidSecretId(Facts x, Diagnosis.Builder p) {
        String ref = orElse(x.bareName ? x.resource : x.secretRef, "the secret id");
        if (x.detail == Detail.INVALID_PARAMETER) {
            p.summary("Secrets Manager rejected the secret reference " + ref + " as invalid: configure the secret's"
                    + " full ARN.");
            p.explanation(said(x) + " Secrets Manager did not accept the secret id as a name or an ARN. A name may"
                    + " contain only ASCII letters, digits and /_+=.@-; an ARN must be a Secrets Manager secret ARN"
                    + " (not, for example, a KMS key ARN). For a secret in another account, always use the full ARN.");
        } else {
            p.summary("The secret reference " + ref + " is a bare name, which resolves in the caller's own account"
                    + (x.callerAccount == null ? "" : " (" + x.callerAccount + ")") + ": use the secret's full ARN.");
            p.explanation(said(x) + " AWS named the secret by the bare name it was given: a bare name resolves in the"
                    + " caller's own account; use the full ARN. Secrets Manager shows the raw name, not an ARN, when"
                    + " it could not resolve it to a secret in that account, so the identity-policy wording of the"
                    + " message is misleading here. If the secret really is in the caller's own account under that"
                    + " name, the identity policy is the problem instead: it must allow " + orElse(x.action, GET)
                    + " on the secret's ARN.");
        }
        addFix(
                p,
                Fix.of(
                        x.callerAccount,
                        null,
                        null,
                        "Configure the secret by its full ARN "
                                + (Arns.isSecretArn(x.ctx.secretArn())
                                                && !x.ctx.secretArn().equals(ref)
                                        ? x.ctx.secretArn()
                                        : "(arn:PARTITION:secretsmanager:REGION:OWNER_ACCOUNT:secret:NAME-SUFFIX, as DescribeSecret"
                                                + " shows it in the owner's account)")
                                + " instead of " + ref + ".",
                        null));
    }

    private static void regionMismatch(Facts x, Diagnosis.Builder p) {
        p.summary("The request went to region " + x.clientRegion + " but the secret's ARN names region " + x.arnRegion
                + ": send it to " + x.arnRegion + ".");
        p.explanation(said(x) + " AWS SDKs send every request to the client's configured region, not to the region"
                + " inside the ARN. In " + x.clientRegion + " the secret " + orElse(x.secretRef, "")
                + (x.secretRef == null ? "" : " ") + "does not exist, and Secrets Manager answers with "
                + (AwsFailure.base(x.awsCode).equals("resourcenotfound")
                        ? "ResourceNotFoundException"
                        : "an access denial that blames a policy")
                + " rather than naming the region. The secret's policies are probably fine: retry in "
                + x.arnRegion + " before changing any of them.");
        addFix(
                p,
                Fix.of(
                        x.callerAccount,
                        null,
                        x.secretArn,
                        "Send requests for " + orElse(x.secretRef, "this secret") + " to region " + x.arnRegion
                                + " (the region its ARN names) instead of " + x.clientRegion + ".",
                        null));
    }

    private static void secretDeleted(Facts x, Diagnosis.Builder p) {
        p.summary("The secret " + orElse(x.secretRef, "") + (x.secretRef == null ? "" : " ") + "is marked for"
                + " deletion" + (x.account == null ? "" : " in account " + x.account) + ": its owner must restore it.");
        p.explanation(said(x) + " A secret that is scheduled for deletion cannot be read until it is restored; once"
                + " the recovery window ends it is deleted for good and any new secret with that name gets a new"
                + " ARN suffix.");
        boolean byArn = Arns.isSecretArn(x.secretArn);
        addFix(
                p,
                run(
                        x.account,
                        "Restore the secret" + in(x.account),
                        byArn,
                        "aws",
                        "secretsmanager",
                        "restore-secret",
                        "--secret-id",
                        byArn ? x.secretArn : orElse(x.secretRef, "<secret ARN or name>")));
    }

    private static void versionNotFound(Facts x, Diagnosis.Builder p) {
        if (x.detail == Detail.STAGE_VERSION_MISMATCH) {
            p.summary("The requested version stage is not attached to the requested version id of the secret"
                    + secretName(x) + ": request one or the other, or a pair that matches.");
        } else {
            p.summary("The secret" + secretName(x) + " has no version " + versionWords(x.awsMessage)
                    + ": request a stage or version that exists.");
        }
        p.explanation(said(x) + " The secret exists but the requested version does not: either the caller asks for"
                + " a staging label or version id that is not there (AWSPREVIOUS exists only after a rotation or an"
                + " update; AWSPENDING only during one), or the secret has no value yet."
                + " aws secretsmanager list-secret-version-ids --secret-id " + orElse(x.secretRef, "<secret>")
                + " shows the versions and their labels.");
        addFix(
                p,
                Fix.of(
                        null,
                        null,
                        x.secretArn,
                        "Request a staging label or version id that exists (list-secret-version-ids shows them), or ask the"
                                + " secret's owner" + in(x.secretAccount) + " to create that version.",
                        null));
    }

    private static void keyState(Facts x, Diagnosis.Builder p) {
        String key = orElse(x.keyRef, "the secret's KMS key");
        // With a key ARN known, keyRef is that ARN.
        String keyArg = orElse(x.keyRef, "<key ARN>");
        String findKey = x.keyRef == null ? " The key's ARN is the KmsKeyId that DescribeSecret returns." : "";
        if (x.code == DiagnosisCode.KEY_DISABLED) {
            p.summary("The KMS key " + key + in(x.account) + " is disabled: its owner must enable it.");
            p.explanation(said(x) + " Secrets Manager could not decrypt the secret because its KMS key is disabled;"
                    + " no permission can change that. Every secret encrypted with this key is unreadable until"
                    + " the key's owner enables it again." + findKey);
            addFix(
                    p,
                    run(
                            x.account,
                            "Enable the key" + in(x.account),
                            x.keyArn != null,
                            "aws",
                            "kms",
                            "enable-key",
                            "--key-id",
                            keyArg));
            return;
        }
        p.summary("The KMS key " + key + in(x.account) + " is pending deletion: its owner must cancel the"
                + " deletion before the waiting period ends.");
        p.explanation(said(x) + " Secrets Manager could not decrypt the secret because its KMS key is scheduled"
                + " for deletion. When the waiting period ends, the key and every secret version encrypted with"
                + " it become unrecoverable. Cancelling the deletion leaves the key disabled, so it must also be"
                + " enabled again." + findKey);
        if (x.keyArn == null) {
            addFix(
                    p,
                    Fix.of(
                            x.account,
                            null,
                            null,
                            "Cancel the key's deletion and enable it" + in(x.account)
                                    + ": aws kms cancel-key-deletion --key-id " + keyArg
                                    + " then aws kms enable-key --key-id "
                                    + keyArg + ".",
                            null));
        } else {
            addFix(
                    p,
                    run(
                            x.account,
                            "Cancel the key's deletion" + in(x.account),
                            true,
                            "aws",
                            "kms",
                            "cancel-key-deletion",
                            "--key-id",
                            x.keyArn));
            addFix(
                    p,
                    run(
                            x.account,
                            "Then enable the key, which cancelling leaves disabled",
                            true,
                            "aws",
                            "kms",
                            "enable-key",
                            "--key-id",
                            x.keyArn));
        }
    }

    private static void invalidCredentials(Facts x, Diagnosis.Builder p) {
        String where = serviceName(x);
        if (x.detail == Detail.NO_CREDENTIALS) {
            p.summary("No AWS credentials were found: give the application credentials through the standard chain.");
            p.explanation("The AWS SDK found no credentials to sign the request with"
                    + (x.exceptionMessage == null ? "" : " (" + oneLine(x.exceptionMessage) + ")") + "."
                    + " It looks for them in the system properties, the environment variables AWS_ACCESS_KEY_ID,"
                    + " AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, the web identity token, the shared profile"
                    + " (AWS_PROFILE), and the container or instance role, in that order.");
        } else if (x.detail == Detail.SIGNATURE) {
            p.summary("The request signature does not match" + in(x.account) + ": the secret access key does not"
                    + " belong to the access key id the application uses.");
            p.explanation(said(x) + " " + where + " recomputed the request's signature with the secret access key it"
                    + " holds for the access key id and got a different one: the secret access key is wrong (a typo,"
                    + " a stale value, a key from another pair), or something altered the request after signing"
                    + " (a proxy, or a wrong service or region in the signing scope).");
        } else {
            p.summary("AWS does not recognise the credentials" + in(x.account) + ": the access key id or session"
                    + " token the application uses is invalid.");
            String extra = AwsFailure.base(x.awsCode).equals("invalidclienttokenid") && x.isSts()
                    ? " STS gives the same answer in an opt-in region where STS is not enabled for the account:"
                            + " use the STS endpoint of a region the account has enabled."
                    : "";
            p.explanation(said(x) + " " + where + " does not know the access key id, or the session token does not"
                    + " belong to it: the key was deleted or deactivated, the session token is missing or truncated,"
                    + " or credentials of one partition (aws, aws-cn, aws-us-gov) are used in another." + extra);
        }
        addFix(
                p,
                Fix.of(
                        x.account,
                        null,
                        null,
                        "Give the application valid credentials (environment variables, a profile, or the instance or task"
                                + " role) and check them with aws sts get-caller-identity.",
                        null));
    }

    private static void expiredCredentials(Facts x, Diagnosis.Builder p) {
        if (x.detail == Detail.CLOCK_SKEW) {
            p.summary("The caller's clock is off by more than 5 minutes: AWS rejected the request's signature time.");
            p.explanation(said(x) + " AWS accepts a signed request only within 5 minutes of its own time. The"
                    + " machine's clock is wrong: synchronize it (NTP, chrony, or the Amazon Time Sync Service).");
            addFix(
                    p,
                    Fix.of(
                            x.account,
                            null,
                            null,
                            "Synchronize the clock of the machine the application runs on.",
                            null));
        } else {
            p.summary("The credentials have expired" + in(x.account) + ": the application must refresh them.");
            p.explanation(said(x) + " The session token is past its expiry time (temporary credentials from STS,"
                    + " SSO or a profile last for at most a few hours), or the machine's clock is wrong. Credentials"
                    + " that the SDK refreshes itself (instance or task role, assumed role) do not expire this way"
                    + " unless the refresh fails; static temporary credentials in environment variables do.");
            addFix(
                    p,
                    Fix.of(
                            x.account,
                            null,
                            null,
                            "Refresh the application's temporary credentials, or give it a credentials provider that refreshes"
                                    + " them (an instance or task role, or an assumed role), and check the machine's clock.",
                            null));
        }
    }

    private static void throttled(Facts x, Diagnosis.Builder p) {
        p.summary(serviceName(x) + " throttled the call (" + orElse(x.awsCode, "HTTP " + x.status)
                + "): this is transient, and the read is retried with backoff.");
        p.explanation(said(x) + " AWS limits how many requests per second an account may make to each API. The"
                + " failure is transient: retrying later succeeds with no change. If it persists, reduce the read rate"
                + " (a longer refresh interval, fewer instances refreshing in step) or ask AWS for a higher quota.");
    }

    private static void serviceError(Facts x, Diagnosis.Builder p) {
        if (x.detail == Detail.NETWORK) {
            p.summary("The request to " + orElse(x.endpoint, "AWS") + " did not complete (connection refused, unknown"
                    + " host, network error or timeout): this is transient if the endpoint is right.");
            p.explanation("No AWS service answered: " + x.exceptionClass
                    + (x.exceptionMessage == null ? "" : ": " + oneLine(x.exceptionMessage)) + "."
                    + (x.endpoint == null ? " The endpoint" : " The endpoint " + x.endpoint)
                    + " could not be reached or did not answer in time: check that the endpoint URL and region are"
                    + " right, then DNS, proxies, security groups and VPC endpoints if it persists. Retrying later may"
                    + " succeed with no change.");
            return;
        }
        if (x.detail == Detail.UNREADABLE) {
            p.summary("The response" + (x.endpoint == null ? "" : " from " + x.endpoint) + " could not be read: this"
                    + " is transient.");
            p.explanation("An answer came but could not be read: it was empty, truncated or not the JSON the service"
                    + " sends (" + x.exceptionClass + "; its text is not shown, since it can quote the response)."
                    + " The failure is on the service's or the network's side, not a missing permission: retrying"
                    + " later may succeed with no change. If it persists, check any proxy between the application"
                    + " and AWS.");
            return;
        }
        p.summary(serviceName(x) + " failed to answer (" + orElse(x.awsCode, "HTTP " + x.status)
                + "): this is transient.");
        String b = AwsFailure.base(x.awsCode);
        p.explanation(said(x) + " The failure is on AWS's side and is usually transient: retrying later may succeed"
                + " with no change."
                + (b.equals("internalfailure") || b.equals("internalserviceerror")
                        ? " If it persists for one secret only, check its KMS key: AWS lists " + x.awsCode
                                + " among the symptoms of a KMS key the caller may not use."
                        : ""));
    }

    private static void unknown(Facts x, Diagnosis.Builder p) {
        if (x.detail == Detail.NO_FAILURE) {
            p.summary("No failure was given, so there is nothing to diagnose.");
            p.explanation("The diagnosis engine was called without a failure. This is a bug in the calling code.");
            return;
        }
        if (x.detail == Detail.NOT_AWS) {
            p.summary("The read failed with " + x.exceptionClass
                    + (x.exceptionMessage == null ? "" : ": " + oneLine(x.exceptionMessage)) + ".");
            p.explanation("No AWS service answered and the failure is not a known network or credentials problem,"
                    + " so it cannot be said which policy or setting is wrong. The exception was " + x.exceptionClass
                    + (x.exceptionMessage == null ? "" : " with the message \"" + oneLine(x.exceptionMessage) + "\"")
                    + ".");
            return;
        }
        p.summary(serviceName(x) + " answered " + orElse(x.awsCode, "an error")
                + (x.awsMessage == null ? "" : ": " + oneLine(x.awsMessage)) + ".");
        p.explanation(said(x) + " xacct-secrets does not recognise this error, so it cannot say which policy or"
                + " setting is wrong; the AWS code and message are kept unchanged." + unknownHint(x));
    }

    private static String unknownHint(Facts x) {
        String b = AwsFailure.base(x.awsCode);
        String inner = AwsFailure.base(x.innerCode);
        if (inner.equals("notfound")) {
            return " The KMS key the secret names does not exist where it was looked up: a key given by bare key id"
                    + " resolves in the caller's account, so a secret used from another account must name its key by"
                    + " ARN.";
        }
        if (b.equals("decryptionfailure") || b.equals("encryptionfailure")) {
            return " Secrets Manager could not use the secret's KMS key: check that the key exists, is enabled, is"
                    + " not pending deletion, and that the caller may use it (aws kms describe-key --key-id with the"
                    + " KmsKeyId that DescribeSecret returns).";
        }
        if (b.equals("notfound") && x.isKms()) {
            return " The KMS key does not exist in this account and region: a key in another account must be named"
                    + " by its full ARN.";
        }
        if (b.equals("kmsinvalidstate")) {
            return " The KMS key is not in a state that allows this operation (for example pending import or"
                    + " unavailable): aws kms describe-key shows its KeyState.";
        }
        if (b.equals("invalidciphertext")) {
            return " KMS could not decrypt the ciphertext with the given encryption context.";
        }
        if (b.equals("regiondisabled")) {
            return " STS is not activated in this region for the account: activate it in the IAM console, or use"
                    + " the STS endpoint of another region.";
        }
        return "";
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fixes

    private static Fix secretPolicyFix(Facts x, String account) {
        List<String> actions = secretActions(x.action);
        String secret = x.secretArn != null ? x.secretArn : x.secretRef;
        String of = secret == null ? "the secret" : "secret " + secret;
        if (x.principal == null) {
            return Fix.of(
                    account,
                    PolicyKind.SECRET_RESOURCE_POLICY,
                    x.secretArn,
                    "Allow the caller's IAM role to call " + String.join(" and ", actions)
                            + " in the resource policy of " + of + in(account) + "; the role's ARN is not known here: "
                            + findCaller() + ".",
                    null);
        }
        String statement = FixStatements.secretResourcePolicyStatement(x.principal, anyPath(x), actions);
        String instruction = "Merge this statement into the resource policy of " + of + in(account)
                + " (aws secretsmanager put-resource-policy --secret-id " + orElse(secret, "<secret ARN>")
                + " replaces the whole policy, so keep every statement and Condition already there)" + pathCaveat(x)
                + ".";
        if (!Arns.isFullSecretArn(x.secretArn)) {
            return Fix.of(account, PolicyKind.SECRET_RESOURCE_POLICY, x.secretArn, instruction, statement);
        }
        return Fix.applying(
                account,
                instruction,
                new Fix.MergeStatement(PolicyKind.SECRET_RESOURCE_POLICY, x.secretArn, statement));
    }

    private static Fix keyPolicyFix(Facts x, String account) {
        String of = x.keyArn != null ? x.keyArn : "the secret's KMS key";
        String findKey = x.keyArn != null
                ? ""
                : " (its ARN is the KmsKeyId that aws secretsmanager describe-secret --secret-id "
                        + orElse(x.secretRef, "<secret ARN>") + " returns)";
        String region = x.keyArn != null ? Arns.region(x.keyArn) : x.arnRegion;
        if (x.principal == null || x.callerAccount == null || region == null) {
            return Fix.of(
                    account,
                    PolicyKind.KEY_POLICY,
                    x.keyArn,
                    "Allow the caller's IAM role kms:Decrypt through Secrets Manager (kms:ViaService) in the key"
                            + " policy of " + of + findKey + in(account) + "; the role's ARN is not known here: "
                            + findCaller() + ".",
                    null);
        }
        String statement = FixStatements.keyPolicyStatement(x.principal, anyPath(x), region, x.callerAccount);
        String instruction = "Merge this statement into the key policy of " + of + findKey + in(account)
                + " (aws kms put-key-policy replaces the whole policy, so keep every statement already there); it"
                + " allows kms:Decrypt only through Secrets Manager and only from account " + x.callerAccount
                + pathCaveat(x) + ".";
        if (x.keyArn == null) {
            return Fix.of(account, PolicyKind.KEY_POLICY, x.keyArn, instruction, statement);
        }
        return Fix.applying(account, instruction, new Fix.MergeStatement(PolicyKind.KEY_POLICY, x.keyArn, statement));
    }

    private static Fix identitySecretFix(Facts x, String account) {
        List<String> actions = secretActions(x.action);
        String resource = Arns.isFullSecretArn(x.secretArn)
                ? x.secretArn
                : Arns.isSecretArn(x.secretArn) ? x.secretArn + "-??????" : null;
        if (x.action != null && (x.action.endsWith(":BatchGetSecretValue") || x.action.endsWith(":ListSecrets"))) {
            actions = List.of(x.action);
            resource = "*";
        }
        if (resource == null) {
            return Fix.of(
                    account,
                    PolicyKind.IDENTITY_POLICY,
                    x.principal,
                    "Allow " + String.join(" and ", actions) + " on the secret's full ARN in an identity policy of "
                            + who(x) + in(account) + "; the ARN is not known here: aws secretsmanager describe-secret"
                            + " --secret-id " + orElse(x.secretRef, "<secret>") + " in the owner's account returns it.",
                    null);
        }
        return attach(
                x, account, "read-" + Arns.secretNameOf(resource), FixStatements.identityPolicy(actions, resource));
    }

    private static Fix identityKeyFix(Facts x, String account) {
        List<String> actions = new ArrayList<>();
        actions.add(DECRYPT);
        if (x.action != null && x.action.startsWith("kms:") && !x.action.equals(DECRYPT)) {
            actions.add(x.action);
        }
        if (x.keyArn == null) {
            return Fix.of(
                    account,
                    PolicyKind.IDENTITY_POLICY,
                    x.principal,
                    "Allow " + String.join(" and ", actions) + " on the secret's KMS key in an identity policy of "
                            + who(x) + in(account) + "; the key's ARN is not known here: it is the KmsKeyId that"
                            + " aws secretsmanager describe-secret --secret-id " + orElse(x.secretRef, "<secret ARN>")
                            + " returns.",
                    null);
        }
        return attach(x, account, "decrypt-" + Arns.nameOf(x.keyArn), FixStatements.identityPolicy(actions, x.keyArn));
    }

    private static Fix genericIdentityFix(Facts x, String account) {
        if (x.action == null || (!Arns.isArn(x.resource) && !"*".equals(x.resource))) {
            return Fix.of(
                    account,
                    PolicyKind.IDENTITY_POLICY,
                    x.principal,
                    "Allow " + orElse(x.action, "the denied action") + (x.resource == null ? "" : " on " + x.resource)
                            + " in an identity policy of " + who(x) + in(account) + ".",
                    null);
        }
        return attach(
                x, account, x.action.replace(':', '-'), FixStatements.identityPolicy(List.of(x.action), x.resource));
    }

    /**
     * An identity fix under a name of its own ({@code xacct-secrets-} and what it grants), so that fixes for one role
     * add up instead of replacing each other.
     */
    private static Fix attach(Facts x, String account, String purpose, String document) {
        String name = policyName(purpose);
        String principal = x.principal;
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
    private static boolean anyPath(Facts x) {
        return !x.principalExact && Arns.isRoleArn(x.principal);
    }

    /** For a role whose path is unknown: why the statement names the account and the role's name. */
    private static String pathCaveat(Facts x) {
        if (!anyPath(x)) {
            return "";
        }
        return "; the role's path is not known here (iam:GetRole was not allowed), so the statement names the role"
                + " by its name in any path of account " + Arns.account(x.principal) + " (aws:PrincipalArn)";
    }

    private static Fix trustFix(Facts x, String role) {
        if (x.principal == null) {
            return Fix.of(
                    x.roleAccount,
                    PolicyKind.TRUST_POLICY,
                    x.roleArn,
                    "Allow the calling identity to call sts:AssumeRole in the trust policy of " + role
                            + in(x.roleAccount)
                            + "; the caller's ARN is not known here: run aws sts get-caller-identity with the"
                            + " application's base credentials to find it.",
                    null);
        }
        String statement = FixStatements.trustPolicyStatement(x.principal, x.externalId);
        String instruction = "Merge this statement into the trust policy of " + role + in(x.roleAccount)
                + " (aws iam update-assume-role-policy replaces the whole trust policy, so keep every statement"
                + " already there)"
                + (x.externalId != null
                        ? "; it requires the external id the client sends."
                        : x.trust != null
                                ? "."
                                : "; if the trust policy already names " + x.principal + " under a Condition"
                                        + " such as sts:ExternalId, do not: keep the owner's Condition and meet it on the client's"
                                        + " side instead (a program applying this fix must refuse it then).");
        return x.roleArn == null
                ? Fix.of(x.roleAccount, PolicyKind.TRUST_POLICY, null, instruction, statement)
                : Fix.applying(
                        x.roleAccount,
                        instruction,
                        new Fix.MergeStatement(PolicyKind.TRUST_POLICY, x.roleArn, statement));
    }

    private static Fix assumeIdentityFix(Facts x) {
        String caller = x.principal != null ? x.principal : "the calling identity";
        if (x.roleArn == null) {
            return Fix.of(
                    x.assumerAccount,
                    PolicyKind.IDENTITY_POLICY,
                    x.principal,
                    "Allow sts:AssumeRole on the role's ARN in an identity policy of " + caller + in(x.assumerAccount)
                            + "; the role's ARN is not known here: use the one the client is configured with.",
                    null);
        }
        return attach(
                x,
                x.assumerAccount,
                "assume-" + Arns.nameOf(x.roleArn),
                FixStatements.identityPolicy(List.of("sts:AssumeRole"), x.roleArn));
    }

    private static Fix guardrailFix(Facts x, String action) {
        PolicyKind kind = x.policy;
        List<String> actions = x.action == null ? null : List.of(x.action);
        String arn = Arns.isArn(x.resource) ? x.resource : arnForResource(x);
        if (kind == PolicyKind.PERMISSIONS_BOUNDARY || kind == PolicyKind.SESSION_POLICY) {
            String where = kind == PolicyKind.PERMISSIONS_BOUNDARY
                    ? "the permissions boundary policy attached to " + who(x) + in(x.account)
                    : "the session policy passed when the session of " + who(x)
                            + " is created (the Policy or PolicyArns parameters of AssumeRole), or stop passing one";
            if (actions == null || arn == null) {
                return Fix.of(
                        x.account,
                        kind,
                        x.principal,
                        "Allow " + action + " on the resource's full ARN in " + where + ".",
                        null);
            }
            return Fix.of(
                    x.account,
                    kind,
                    x.principal,
                    "Add this statement to " + where + ".",
                    FixStatements.identityPolicy(actions, arn));
        }
        if (kind == PolicyKind.VPC_ENDPOINT_POLICY) {
            String where = "the policy of the " + serviceName(x) + " VPC endpoint the application connects through"
                    + " (the account that owns the endpoint must change it)";
            if (actions == null || arn == null || x.principal == null) {
                return Fix.of(null, kind, null, "Allow " + who(x) + " to call " + action + " in " + where + ".", null);
            }
            return Fix.of(
                    null,
                    kind,
                    null,
                    "Add this statement to " + where + ".",
                    FixStatements.vpcEndpointPolicy(x.principal, actions, arn));
        }
        if (kind == PolicyKind.SERVICE_CONTROL_POLICY) {
            String instruction = "Ask the administrators of the AWS Organization to allow " + action
                    + " in the service control policies that apply to "
                    + (x.callerAccount == null ? "the caller's account" : "account " + x.callerAccount)
                    + " (for example with this statement in an allow-list SCP).";
            return Fix.of(
                    null, kind, null, instruction, actions == null ? null : FixStatements.identityPolicy(actions, "*"));
        }
        // Resource control policies: customer RCPs contain only Deny statements; the Allow comes from the AWS managed
        // RCPFullAWSAccess, which must stay attached.
        return Fix.of(
                null,
                kind,
                null,
                "Ask the administrators of the AWS Organization to make sure the resource control policies on "
                        + (x.secretAccount == null ? "the resource owner's account" : "account " + x.secretAccount)
                        + " allow " + action + " (the AWS managed RCPFullAWSAccess policy must stay attached).",
                null);
    }

    private static String arnForResource(Facts x) {
        return x.isKms() ? x.keyArn : x.isSecretsManager() ? x.secretArn : null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Wording helpers

    private static String said(Facts x) {
        if (x.awsCode == null && x.awsMessage == null) {
            if (x.exceptionClass != null) {
                return "The call failed with " + x.exceptionClass
                        + (x.exceptionMessage == null ? "" : ": \"" + oneLine(x.exceptionMessage) + "\"") + ".";
            }
            return "AWS gave no error code or message.";
        }
        StringBuilder s = new StringBuilder("AWS answered ");
        s.append(orElse(x.awsCode, "an error"));
        if (x.status > 0) {
            s.append(" (HTTP ").append(x.status).append(')');
        }
        if (x.awsMessage != null) {
            String m = oneLine(x.awsMessage);
            s.append(": \"").append(m).append('"');
            if (m.endsWith(".") || m.endsWith("!") || m.endsWith("?")) {
                return s.toString();
            }
        }
        return s.append('.').toString();
    }

    private static String probeSaid(Facts x) {
        StringBuilder s = new StringBuilder();
        if (x.awsMessage != null) {
            s.append("Secrets Manager answered \"")
                    .append(oneLine(x.awsMessage))
                    .append("\", which does not say which policy is missing; ");
        } else {
            s.append("KMS denied the decryption; ");
        }
        s.append(probeFound(x.probe));
        s.append(", so");
        return s.toString();
    }

    private static String policyWords(Facts x) {
        if (x.policy != null) {
            return x.policy.phrase();
        }
        PolicyType type = x.denial == null ? null : x.denial.policyType();
        if (type != null) {
            return "a " + type.wording();
        }
        return "a policy";
    }

    private static String denyWhere(Facts x) {
        PolicyKind k = x.policy;
        if (k == null) {
            return " The message does not say which policy holds the Deny.";
        }
        String arn = x.denial == null ? null : x.denial.policyArn();
        return switch (k) {
            case SECRET_RESOURCE_POLICY ->
                " The Deny is in the resource policy of the secret " + orElse(x.secretRef, "")
                        + (x.secretRef == null ? "" : " ") + "(aws secretsmanager get-resource-policy shows it).";
            case KEY_POLICY ->
                " The Deny is in the key policy of " + orElse(x.keyRef, "the secret's KMS key")
                        + " (aws kms get-key-policy --policy-name default shows it).";
            case TRUST_POLICY -> " The Deny is in the trust policy of " + orElse(x.roleArn, "the role") + ".";
            case IDENTITY_POLICY ->
                " The Deny is in one of the policies (inline or managed, or of a group) attached to " + who(x) + ".";
            case PERMISSIONS_BOUNDARY -> " The Deny is in the permissions boundary attached to " + who(x) + ".";
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

    private static String denyTarget(Facts x) {
        String policyArn = x.denial == null ? null : x.denial.policyArn();
        if (x.policy == null) {
            return policyArn;
        }
        return switch (x.policy) {
            case SECRET_RESOURCE_POLICY -> x.secretArn;
            case KEY_POLICY -> x.keyArn;
            case TRUST_POLICY -> x.roleArn;
            case IDENTITY_POLICY, PERMISSIONS_BOUNDARY, SESSION_POLICY -> policyArn != null ? policyArn : x.principal;
            default -> policyArn;
        };
    }

    private static String guardrailWhere(Facts x) {
        if (x.policy == null) {
            return "";
        }
        return switch (x.policy) {
            case SERVICE_CONTROL_POLICY ->
                " Service control policies apply to every principal of the caller's account and are managed in"
                        + " AWS Organizations by the organization's management account, which the message does not"
                        + " name.";
            case RESOURCE_CONTROL_POLICY ->
                " Resource control policies apply to the resources of the owner's account and are managed in"
                        + " AWS Organizations by the organization's management account, which the message does not"
                        + " name.";
            case PERMISSIONS_BOUNDARY ->
                " The boundary is attached to " + who(x) + "; only actions that both it and the identity policy"
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
        List<String> actions = new ArrayList<>();
        actions.add(GET);
        // DescribeSecret reads no value; it lets a diagnosis find the key and tell a missing secret from a missing
        // statement, so the next failure, if any, is named exactly.
        actions.add(DESCRIBE);
        if (action != null
                && action.startsWith("secretsmanager:")
                && !actions.contains(action)
                && !action.endsWith(":BatchGetSecretValue")
                && !action.endsWith(":ListSecrets")) {
            actions.add(action);
        }
        return actions;
    }

    private static String findCaller() {
        return "run aws sts get-caller-identity with the application's credentials to find it";
    }

    private static String who(Facts x) {
        return x.principal != null ? x.principal : orElse(x.callerArn, "the caller");
    }

    private static String in(String account) {
        return account == null ? "" : " in account " + account;
    }

    private static String inOr(String account, String unknown) {
        return account == null ? " (in " + unknown + ")" : " in account " + account;
    }

    private static String onSecret(Facts x) {
        String s = x.secretArn != null ? x.secretArn : x.resource != null ? x.resource : x.secretRef;
        return s == null ? "" : " on " + s;
    }

    private static String onKey(Facts x) {
        String k = x.keyRef != null ? x.keyRef : x.resource;
        return k == null ? "" : " on " + k;
    }

    private static String secretName(Facts x) {
        return x.secretRef == null ? "" : " " + x.secretRef;
    }

    private static String regionWords(String region) {
        return region == null ? "" : " (region " + region + ")";
    }

    private static String serviceName(Facts x) {
        return x.service.displayName();
    }

    private static String versionWords(String message) {
        if (message != null) {
            String m = message;
            int i = m.toLowerCase(Locale.ROOT).indexOf("staging label");
            if (i >= 0) {
                return "with " + trimSentence(m.substring(i));
            }
            i = m.indexOf("VersionId");
            if (i >= 0) {
                return "with " + trimSentence(m.substring(i));
            }
        }
        return "matching the request";
    }

    private static String trimSentence(String s) {
        String t = oneLine(s).replace(": ", " ").trim();
        while (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    static String oneLine(String s) {
        return s == null ? null : s.replaceAll("\\s+", " ").trim();
    }

    static String cap(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String orElse(String s, String fallback) {
        return s == null ? fallback : s;
    }
}
