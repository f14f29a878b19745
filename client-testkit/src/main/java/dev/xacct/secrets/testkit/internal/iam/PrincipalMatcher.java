package dev.xacct.secrets.testkit.internal.iam;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Finds in which ways a resource-policy statement's Principal or NotPrincipal names the caller. */
final class PrincipalMatcher {

    private PrincipalMatcher() {}

    /**
     * The ways {@code statement} names {@code caller}; empty if it does not. A statement without Principal or
     * NotPrincipal names nobody (AWS refuses such a resource policy); a NotPrincipal that does not exempt the caller
     * counts as {@link PrincipalMatch#ANY}.
     */
    static Set<PrincipalMatch> matches(Statement statement, PrincipalInfo caller) {
        Principals principals = statement.principal();
        if (principals == null) {
            return EnumSet.noneOf(PrincipalMatch.class);
        }
        if (statement.notPrincipal()) {
            return exempts(principals, caller) ? EnumSet.noneOf(PrincipalMatch.class) : EnumSet.of(PrincipalMatch.ANY);
        }
        return named(principals, caller);
    }

    /**
     * Whether a NotPrincipal element leaves the caller out. IAM User Guide, "NotPrincipal": AWS checks the caller at
     * each level of its identity, so each must be listed: the account (ARN or id) and the user; for a session the
     * account, the role and the assumed-role session ("you must also include the account ARN", "the assumed-role
     * user, the role, and the account"). Listing only the role does not exempt its sessions.
     */
    private static boolean exempts(Principals principals, PrincipalInfo caller) {
        if (principals.everyone()) {
            return true;
        }
        boolean account = false;
        boolean identity = false;
        boolean session = false;
        for (String value : principals.aws()) {
            if (value.equals("*")) {
                return true;
            }
            account |= value.equals(caller.accountId()) || value.equals(caller.accountRootArn());
            switch (caller.kind()) {
                case USER -> identity |= value.equals(caller.principalArn()) || value.equals(caller.userId());
                case ASSUMED_ROLE -> {
                    identity |= value.equals(caller.roleArn()) || value.equals(caller.roleId());
                    session |= value.equals(caller.principalArn());
                }
                case ROOT -> identity = true;
            }
        }
        return switch (caller.kind()) {
            case ROOT -> account;
            case USER -> account && identity;
            case ASSUMED_ROLE -> account && identity && session;
        };
    }

    private static Set<PrincipalMatch> named(Principals principals, PrincipalInfo caller) {
        Set<PrincipalMatch> kinds = EnumSet.noneOf(PrincipalMatch.class);
        if (principals.everyone()) {
            kinds.add(PrincipalMatch.ANY);
        }
        // Service, Federated and CanonicalUser principals never match a signed IAM caller.
        for (String value : principals.aws()) {
            match(value, caller).ifPresent(kinds::add);
        }
        return kinds;
    }

    private static Optional<PrincipalMatch> match(String value, PrincipalInfo caller) {
        if (value.equals("*")) {
            return Optional.of(PrincipalMatch.ANY);
        }
        if (value.indexOf('*') >= 0 || value.indexOf('?') >= 0) {
            // "You cannot use a wildcard to match part of a principal name or ARN."
            return Optional.empty();
        }
        if (value.equals(caller.accountId()) || value.equals(caller.accountRootArn())) {
            return Optional.of(PrincipalMatch.ACCOUNT);
        }
        return switch (caller.kind()) {
            case USER ->
                value.equals(caller.principalArn()) || value.equals(caller.userId())
                        ? Optional.of(PrincipalMatch.USER)
                        : Optional.empty();
            // The role comes first: IAM's simulator evaluates a role with its role ARN as the principal ARN.
            case ASSUMED_ROLE ->
                value.equals(caller.roleArn()) || value.equals(caller.roleId())
                        ? Optional.of(PrincipalMatch.ROLE)
                        : value.equals(caller.principalArn()) ? Optional.of(PrincipalMatch.SESSION) : Optional.empty();
            case ROOT -> Optional.empty();
        };
    }
}
