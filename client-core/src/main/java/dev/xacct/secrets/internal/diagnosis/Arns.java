package dev.xacct.secrets.internal.diagnosis;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.arns.Arn;

/**
 * Small, total helpers over ARNs: nothing here throws, every argument may be {@code null}, and text that is not an
 * ARN of the kind asked yields {@code null} (or {@code false}).
 */
public final class Arns {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    /**
     * A KMS key or alias ARN inside free text. Tolerates the {@code <...>} redaction marks seen in real reports,
     * such as {@code arn:aws:kms:us-east-1:<536883072436:key/73947a77-...>}.
     */
    private static final Pattern KMS_ARN_IN_TEXT = Pattern.compile(
            "arn:(aws[a-z-]*):kms:([a-z0-9-]*):<?(\\d{12}|[^:\\s<>]*):(key|alias)/([A-Za-z0-9/_+=.@-]+)");

    private Arns() {}

    /** {@return the ARN {@code s} is, or empty when it is not one} */
    public static Optional<Arn> parse(@Nullable String s) {
        if (s == null || !s.startsWith("arn:")) {
            return Optional.empty();
        }
        try {
            return Arn.tryFromString(s);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@return whether {@code s} parses as an ARN} */
    public static boolean isArn(@Nullable String s) {
        return parse(s).isPresent();
    }

    /** {@return the 12-digit account of an ARN; {@code null} when redacted, a wildcard or absent} */
    public static @Nullable String account(@Nullable String arn) {
        return parse(arn).flatMap(Arn::accountId).filter(Arns::isAccountId).orElse(null);
    }

    /** {@return the region of an ARN, {@code null} when it has none} */
    public static @Nullable String region(@Nullable String arn) {
        return parse(arn).flatMap(Arn::region).filter(r -> !r.isBlank()).orElse(null);
    }

    /** {@return the partition of an ARN, such as {@code aws}, {@code aws-us-gov} or {@code aws-cn}} */
    public static @Nullable String partition(@Nullable String arn) {
        return parse(arn).map(Arn::partition).orElse(null);
    }

    /** {@return whether {@code s} is exactly 12 digits} */
    public static boolean isAccountId(@Nullable String s) {
        return s != null && ACCOUNT_ID.matcher(s).matches();
    }

    /** {@return whether {@code s} is a usable secret ARN: the secretsmanager service, a region, a 12-digit account} */
    public static boolean isSecretArn(@Nullable String s) {
        return names(s, "secretsmanager", "secret:") && region(s) != null && account(s) != null;
    }

    /**
     * {@return whether {@code s} is a secret ARN with the 6-character suffix AWS appends} A partial ARN whose name ends
     * in a hyphen and six letters or digits looks the same, and AWS takes it for a complete one too.
     */
    public static boolean isFullSecretArn(@Nullable String s) {
        return isSecretArn(s) && s.matches(".*:secret:.+-[A-Za-z0-9]{6}");
    }

    /** {@return the secret's name in a secret ARN (full, partial, or ending in {@code -??????}), without suffix} */
    public static @Nullable String secretNameOf(@Nullable String s) {
        if (!isSecretArn(s)) {
            return null;
        }
        String name = s.substring(s.indexOf(":secret:") + ":secret:".length());
        return name.matches(".+-([A-Za-z0-9]{6}|\\?{6})") ? name.substring(0, name.length() - 7) : name;
    }

    /** {@return whether {@code s} is a usable KMS key ARN (not an alias ARN), with a 12-digit account} */
    public static boolean isKeyArn(@Nullable String s) {
        return names(s, "kms", "key/") && account(s) != null;
    }

    /** {@return whether {@code s} is an IAM role ARN, {@code arn:P:iam::A:role/...}} */
    public static boolean isRoleArn(@Nullable String s) {
        return names(s, "iam", "role/");
    }

    /** {@return whether {@code s} is an IAM user ARN, {@code arn:P:iam::A:user/...}} */
    public static boolean isUserArn(@Nullable String s) {
        return names(s, "iam", "user/");
    }

    private static boolean names(@Nullable String s, String service, String resourcePrefix) {
        return parse(s).filter(arn ->
                        service.equals(arn.service()) && arn.resourceAsString().startsWith(resourcePrefix))
                .isPresent();
    }

    /**
     * {@return the role ARN behind an assumed-role session ARN, else {@code null}}:
     * {@code arn:P:sts::A:assumed-role/R/S} becomes {@code arn:P:iam::A:role/R}. The role's path is not part of a
     * session ARN and so is lost.
     */
    public static @Nullable String roleOfSession(@Nullable String arn) {
        Optional<Arn> parsed = parse(arn)
                .filter(a -> "sts".equals(a.service()) && a.resourceAsString().startsWith("assumed-role/"));
        if (parsed.isEmpty()) {
            return null;
        }
        String rest = parsed.get().resourceAsString().substring("assumed-role/".length());
        String roleName = rest.indexOf('/') < 0 ? rest : rest.substring(0, rest.indexOf('/'));
        return roleName.isEmpty()
                ? null
                : "arn:" + parsed.get().partition() + ":iam::"
                        + parsed.get().accountId().orElse("") + ":role/" + roleName;
    }

    /** {@return the principal to name in a policy: the role of an assumed-role session, else {@code arn} itself} */
    public static @Nullable String policyPrincipal(@Nullable String arn) {
        String role = roleOfSession(arn);
        return role != null ? role : arn;
    }

    /** {@return the name of an IAM role or user: the last path segment of its ARN's resource} */
    public static @Nullable String nameOf(@Nullable String arn) {
        String resource = parse(arn).map(Arn::resourceAsString).orElse("");
        int slash = resource.lastIndexOf('/');
        return slash < 0 || slash == resource.length() - 1 ? null : resource.substring(slash + 1);
    }

    /** {@return the first KMS key (or alias) ARN in free text, cleaned of redaction marks; {@code null} if none} */
    public static @Nullable String findKmsArn(@Nullable String text) {
        Matcher m = KMS_ARN_IN_TEXT.matcher(text == null ? "" : text);
        if (!m.find()) {
            return null;
        }
        String resource = m.group(5).replaceAll("[.>]+$", "");
        return "arn:" + m.group(1) + ":kms:" + m.group(2) + ":" + m.group(3) + ":" + m.group(4) + "/" + resource;
    }
}
