package dev.xacct.secrets.testkit.internal.iam;

import java.util.Map;
import java.util.Objects;

/**
 * Who makes a request, as policy evaluation sees it.
 *
 * @param partition the ARN partition, {@code aws}
 * @param accountId the caller's account
 * @param kind user, assumed-role session or account root
 * @param principalArn {@code arn:aws:iam::A:user/path/U}, {@code arn:aws:sts::A:assumed-role/R/S} or
 *         {@code arn:aws:iam::A:root}
 * @param roleArn for sessions the role's ARN with its path, e.g. {@code arn:aws:iam::A:role/path/R}; else {@code null}
 * @param userId {@code AIDA…} for users, {@code AROA…:session} for sessions, the account id for root
 * @param userName the user's name for users, else {@code null}
 * @param orgId the organization of the caller's account, or {@code null} if it belongs to none
 * @param orgPath the organization path of the caller's account ({@code o-…/r-…/ou-…/}), or {@code null}
 * @param tags the tags of the user or role ({@code aws:PrincipalTag/KEY}), empty if none
 */
public record PrincipalInfo(
        String partition,
        String accountId,
        Kind kind,
        String principalArn,
        String roleArn,
        String userId,
        String userName,
        String orgId,
        String orgPath,
        Map<String, String> tags) {

    /** The kinds of principal that can sign a request. */
    public enum Kind {
        USER,
        ASSUMED_ROLE,
        ROOT
    }

    public PrincipalInfo {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(userId, "userId");
        if (kind == Kind.ASSUMED_ROLE && roleArn == null) {
            throw new IllegalArgumentException("an assumed-role session needs its role ARN");
        }
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A principal without organization path and tags. */
    public PrincipalInfo(
            String partition,
            String accountId,
            Kind kind,
            String principalArn,
            String roleArn,
            String userId,
            String userName,
            String orgId) {
        this(partition, accountId, kind, principalArn, roleArn, userId, userName, orgId, null, Map.of());
    }

    /** The root user of {@code accountId} in the {@code aws} partition. */
    public static PrincipalInfo root(String accountId, String orgId) {
        return new PrincipalInfo(
                "aws", accountId, Kind.ROOT, "arn:aws:iam::" + accountId + ":root", null, accountId, null, orgId);
    }

    /** {@code arn:PARTITION:iam::ACCOUNT:root}, the account principal of the caller's account. */
    public String accountRootArn() {
        return "arn:" + partition + ":iam::" + accountId + ":root";
    }

    /**
     * The value of {@code aws:PrincipalArn}: the role ARN for sessions (not the session ARN), else the principal ARN.
     */
    public String principalArnConditionValue() {
        return kind == Kind.ASSUMED_ROLE ? roleArn : principalArn;
    }

    /** The value of {@code aws:PrincipalType}. */
    public String principalType() {
        return switch (kind) {
            case USER -> "User";
            case ASSUMED_ROLE -> "AssumedRole";
            case ROOT -> "Account";
        };
    }

    /** For sessions the role's unique id ({@code AROA…}, the part of {@link #userId} before the colon); else null. */
    public String roleId() {
        if (kind != Kind.ASSUMED_ROLE) {
            return null;
        }
        int colon = userId.indexOf(':');
        return colon < 0 ? userId : userId.substring(0, colon);
    }
}
