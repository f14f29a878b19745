package dev.xacct.secrets.testkit.internal.iam;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The ways a request can be allowed once no explicit deny applies: each path is the set of policy layers that must
 * all allow. A resource-policy grant skips the layers AWS does not apply to it; the identity path needs them all.
 */
final class GrantPaths {

    private GrantPaths() {}

    /**
     * The paths open to this request; empty when the resource side denies (a cross-account request, or a
     * {@link ResourcePolicyMode#REQUIRED} one, whose resource policy names the caller in no Allow).
     *
     * @param granted the ways the resource policy's applicable Allow statements name the caller
     */
    static List<Set<PolicyType>> of(AuthorizationRequest request, Set<PrincipalMatch> granted) {
        List<Set<PolicyType>> paths = pathsBeforeResourceControl(request, granted);
        // Resource control policies limit every way to the resource, whoever asks.
        paths.forEach(path -> path.add(PolicyType.RESOURCE_CONTROL));
        return paths;
    }

    private static List<Set<PolicyType>> pathsBeforeResourceControl(
            AuthorizationRequest request, Set<PrincipalMatch> granted) {
        Set<PolicyType> identity = identityPath(request.principal());
        if (request.mode() == ResourcePolicyMode.NONE) {
            return new ArrayList<>(List.of(identity));
        }
        boolean sameAccount = request.principal().accountId().equals(request.resourceAccountId());
        if (!sameAccount) {
            // Both accounts must allow: any naming of the caller opens the resource side, the identity side must
            // still allow fully.
            return granted.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(identity));
        }
        List<Set<PolicyType>> paths = new ArrayList<>();
        if (request.mode() == ResourcePolicyMode.OPTIONAL) {
            paths.add(identity);
        }
        granted.forEach(kind -> paths.add(grantPath(kind, identity)));
        return paths;
    }

    /** The root user has full access in its own account: only SCPs limit it. */
    private static Set<PolicyType> identityPath(PrincipalInfo caller) {
        return caller.kind() == PrincipalInfo.Kind.ROOT
                ? EnumSet.of(PolicyType.SERVICE_CONTROL)
                : EnumSet.of(
                        PolicyType.SERVICE_CONTROL,
                        PolicyType.IDENTITY_BASED,
                        PolicyType.PERMISSIONS_BOUNDARY,
                        PolicyType.SESSION);
    }

    /** What a same-account resource-policy Allow still needs, by how it names the caller. */
    private static Set<PolicyType> grantPath(PrincipalMatch kind, Set<PolicyType> identity) {
        return switch (kind) {
            // Granted to the session itself (or to everyone): boundaries and session policies do not limit it.
            case SESSION, ANY -> EnumSet.of(PolicyType.SERVICE_CONTROL);
            case USER -> EnumSet.of(PolicyType.SERVICE_CONTROL, PolicyType.SESSION);
            // Granted to the role: its sessions stay within the boundary and the session policy.
            case ROLE -> EnumSet.of(PolicyType.SERVICE_CONTROL, PolicyType.PERMISSIONS_BOUNDARY, PolicyType.SESSION);
            // The account principal only delegates: the identity side must allow on its own.
            case ACCOUNT -> EnumSet.copyOf(identity);
        };
    }
}
