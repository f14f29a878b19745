package dev.xacct.secrets.internal.diagnosis;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.arns.Arn;

/** Small, total helpers over ARNs: nothing here throws, and unparseable input yields {@code null}. */
public final class Arns {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    /**
     * A KMS key or alias ARN inside free text. Tolerates the {@code <...>} redaction marks seen in real reports,
     * such as {@code arn:aws:kms:us-east-1:<536883072436:key/73947a77-...>}.
     */
    private static final Pattern KMS_ARN_IN_TEXT = Pattern.compile(
            "arn:(aws[a-z-]*):kms:([a-z0-9-]*):<?(\\d{12}|[^:\\s<>]*):(key|alias)/([A-Za-z0-9/_+=.@-]+)");

    private Arns() {}

    /**
     * Parses an ARN.
     *
     * @param s the text, may be {@code null}
     * @return the ARN, or empty when {@code s} is not an ARN
     */
    public static Optional<Arn> parse(String s) {
        if (s == null || !s.startsWith("arn:")) {
            return Optional.empty();
        }
        try {
            return Arn.tryFromString(s);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code s} is an ARN.
     *
     * @param s the text, may be {@code null}
     * @return {@code true} if it parses as an ARN
     */
    public static boolean isArn(String s) {
        return parse(s).isPresent();
    }

    /**
     * The 12-digit account of an ARN.
     *
     * @param arn the ARN, may be {@code null}
     * @return the account id, or {@code null} if not an ARN or the account is not 12 digits (redacted, wildcard)
     */
    public static String account(String arn) {
        return parse(arn).flatMap(Arn::accountId).filter(Arns::isAccountId).orElse(null);
    }

    /**
     * The region of an ARN.
     *
     * @param arn the ARN, may be {@code null}
     * @return the region, or {@code null} if not an ARN or it has no region
     */
    public static String region(String arn) {
        return parse(arn).flatMap(Arn::region).filter(r -> !r.isBlank()).orElse(null);
    }

    /**
     * The partition of an ARN.
     *
     * @param arn the ARN, may be {@code null}
     * @return the partition such as {@code aws}, {@code aws-us-gov}, {@code aws-cn}, or {@code null}
     */
    public static String partition(String arn) {
        return parse(arn).map(Arn::partition).orElse(null);
    }

    /**
     * Whether {@code s} is a 12-digit account id.
     *
     * @param s the text, may be {@code null}
     * @return {@code true} for exactly 12 digits
     */
    public static boolean isAccountId(String s) {
        return s != null && ACCOUNT_ID.matcher(s).matches();
    }

    /**
     * Whether {@code s} is a usable Secrets Manager secret ARN: it parses, names the secretsmanager service, a
     * region and a 12-digit account.
     *
     * @param s the text, may be {@code null}
     * @return {@code true} if it is a usable secret ARN
     */
    public static boolean isSecretArn(String s) {
        Optional<Arn> arn = parse(s);
        return arn.isPresent()
                && "secretsmanager".equals(arn.get().service())
                && arn.get().region().filter(r -> !r.isBlank()).isPresent()
                && arn.get().accountId().filter(Arns::isAccountId).isPresent()
                && arn.get().resourceAsString().startsWith("secret:");
    }

    /**
     * Whether {@code s} is a secret ARN with the 6-character suffix AWS appends (a partial ARN whose name ends in a
     * hyphen and six characters looks the same, and AWS takes it for a complete one too).
     *
     * @param s the text, may be {@code null}
     * @return {@code true} if it is a secret ARN ending in {@code -} and six letters or digits
     */
    public static boolean isFullSecretArn(String s) {
        return isSecretArn(s) && s.matches(".*:secret:.+-[A-Za-z0-9]{6}");
    }

    /**
     * The secret's name in a secret ARN, without a 6-character suffix.
     *
     * @param s a secret ARN (full, partial, or ending in {@code -??????})
     * @return the name, or {@code null} if {@code s} is not a secret ARN
     */
    public static String secretNameOf(String s) {
        if (!isSecretArn(s)) {
            return null;
        }
        String name = s.substring(s.indexOf(":secret:") + ":secret:".length());
        return name.matches(".+-([A-Za-z0-9]{6}|\\?{6})") ? name.substring(0, name.length() - 7) : name;
    }

    /**
     * Whether {@code s} is a usable KMS key ARN (not an alias ARN): it parses, names kms, a region, a 12-digit
     * account and a {@code key/} resource.
     *
     * @param s the text, may be {@code null}
     * @return {@code true} if it is a usable key ARN
     */
    public static boolean isKeyArn(String s) {
        Optional<Arn> arn = parse(s);
        return arn.isPresent()
                && "kms".equals(arn.get().service())
                && arn.get().accountId().filter(Arns::isAccountId).isPresent()
                && arn.get().resourceAsString().startsWith("key/");
    }

    /**
     * Whether {@code s} is an IAM role ARN.
     *
     * @param s the text, may be {@code null}
     * @return {@code true} if it is {@code arn:P:iam::A:role/...}
     */
    public static boolean isRoleArn(String s) {
        Optional<Arn> arn = parse(s);
        return arn.isPresent()
                && "iam".equals(arn.get().service())
                && arn.get().resourceAsString().startsWith("role/");
    }

    /**
     * Whether {@code s} is an IAM user ARN.
     *
     * @param s the text, may be {@code null}
     * @return {@code true} if it is {@code arn:P:iam::A:user/...}
     */
    public static boolean isUserArn(String s) {
        Optional<Arn> arn = parse(s);
        return arn.isPresent()
                && "iam".equals(arn.get().service())
                && arn.get().resourceAsString().startsWith("user/");
    }

    /**
     * The role ARN behind an assumed-role session ARN, in the same partition:
     * {@code arn:P:sts::A:assumed-role/R/S} becomes {@code arn:P:iam::A:role/R}. The role's path is not part of a
     * session ARN and so is lost.
     *
     * @param arn an ARN, may be {@code null}
     * @return the role ARN, or {@code null} if {@code arn} is not an assumed-role session ARN
     */
    public static String roleOfSession(String arn) {
        Optional<Arn> parsed = parse(arn);
        if (parsed.isEmpty() || !"sts".equals(parsed.get().service())) {
            return null;
        }
        String resource = parsed.get().resourceAsString();
        if (!resource.startsWith("assumed-role/")) {
            return null;
        }
        String rest = resource.substring("assumed-role/".length());
        int slash = rest.indexOf('/');
        String roleName = slash < 0 ? rest : rest.substring(0, slash);
        if (roleName.isEmpty()) {
            return null;
        }
        String account = parsed.get().accountId().orElse("");
        return "arn:" + parsed.get().partition() + ":iam::" + account + ":role/" + roleName;
    }

    /**
     * The principal to name in a policy for {@code arn}: a role ARN for an assumed-role session, else {@code arn}
     * itself.
     *
     * @param arn a principal ARN, may be {@code null}
     * @return the policy principal, or {@code null} if {@code arn} is {@code null}
     */
    public static String policyPrincipal(String arn) {
        String role = roleOfSession(arn);
        return role != null ? role : arn;
    }

    /**
     * The name of an IAM role or user: the last path segment of its ARN's resource.
     *
     * @param arn a role or user ARN, may be {@code null}
     * @return the name, or {@code null}
     */
    public static String nameOf(String arn) {
        Optional<Arn> parsed = parse(arn);
        if (parsed.isEmpty()) {
            return null;
        }
        String resource = parsed.get().resourceAsString();
        int slash = resource.lastIndexOf('/');
        return slash < 0 || slash == resource.length() - 1 ? null : resource.substring(slash + 1);
    }

    /**
     * Finds the first KMS key (or alias) ARN in free text and returns it cleaned of redaction marks.
     *
     * @param text the text, may be {@code null}
     * @return the ARN, or {@code null} if none is found
     */
    public static String findKmsArn(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = KMS_ARN_IN_TEXT.matcher(text);
        if (!m.find()) {
            return null;
        }
        String resource = m.group(5);
        while (resource.endsWith(".") || resource.endsWith(">")) {
            resource = resource.substring(0, resource.length() - 1);
        }
        return "arn:" + m.group(1) + ":kms:" + m.group(2) + ":" + m.group(3) + ":" + m.group(4) + "/" + resource;
    }
}
