package dev.xacct.secrets.testkit.internal.iam;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything policy evaluation needs about one request: who, what, on which resource of which account, with which
 * condition keys, and every policy that takes part. Build it with {@link #builder()}.
 *
 * @param principal the caller
 * @param action e.g. {@code secretsmanager:GetSecretValue}
 * @param resource the resource ARN, or {@code *} for account-level actions
 * @param resourceAccountId the account owning the resource (the caller's for {@code *})
 * @param context request-specific condition keys, e.g. {@code kms:ViaService}; the principal's global keys
 *         ({@code aws:PrincipalArn}, …) are added by the evaluator and cannot be set here
 * @param identityPolicies the caller's identity-based policies
 * @param permissionsBoundary the caller's permissions boundary, or {@code null}
 * @param sessionPolicy the session policy of the caller's session, or {@code null}
 * @param serviceControlLevels the SCPs that limit the caller, one list per level of its organization (root, units,
 *         account); a level with none passes, any other needs an allow; empty for a management account
 * @param resourceControlLevels the RCPs that limit the use of the resource, by level, as for SCPs
 * @param resourcePolicy the resource's policy (secret policy, key policy, trust policy), or {@code null}
 * @param mode how the resource policy takes part
 */
public record AuthorizationRequest(
        PrincipalInfo principal,
        String action,
        String resource,
        String resourceAccountId,
        Map<String, List<String>> context,
        List<PolicyDocument> identityPolicies,
        PolicyDocument permissionsBoundary,
        PolicyDocument sessionPolicy,
        List<List<PolicyDocument>> serviceControlLevels,
        List<List<PolicyDocument>> resourceControlLevels,
        PolicyDocument resourcePolicy,
        ResourcePolicyMode mode) {

    public AuthorizationRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(mode, "mode");
        resourceAccountId = resourceAccountId == null ? principal.accountId() : resourceAccountId;
        context = copy(context);
        identityPolicies = identityPolicies == null ? List.of() : List.copyOf(identityPolicies);
        serviceControlLevels = levels(serviceControlLevels);
        resourceControlLevels = levels(resourceControlLevels);
    }

    private static List<List<PolicyDocument>> levels(List<List<PolicyDocument>> levels) {
        return levels == null ? List.of() : levels.stream().map(List::copyOf).toList();
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> context) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (context != null) {
            context.forEach((key, values) -> copy.put(key, values == null ? List.of() : List.copyOf(values)));
        }
        return Collections.unmodifiableMap(copy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects a request; principal, action, resource and mode are required, everything else optional. */
    public static final class Builder {
        private PrincipalInfo principal;
        private String action;
        private String resource;
        private String resourceAccountId;
        private Map<String, List<String>> context;
        private List<PolicyDocument> identityPolicies;
        private PolicyDocument permissionsBoundary;
        private PolicyDocument sessionPolicy;
        private List<List<PolicyDocument>> serviceControlLevels;
        private List<List<PolicyDocument>> resourceControlLevels;
        private PolicyDocument resourcePolicy;
        private ResourcePolicyMode mode;

        private Builder() {}

        public Builder principal(PrincipalInfo principal) {
            this.principal = principal;
            return this;
        }

        public Builder action(String action) {
            this.action = action;
            return this;
        }

        public Builder resource(String resource) {
            this.resource = resource;
            return this;
        }

        /** The resource's owner; when not set, the caller's account (right for {@code *}). */
        public Builder resourceAccountId(String resourceAccountId) {
            this.resourceAccountId = resourceAccountId;
            return this;
        }

        public Builder context(Map<String, List<String>> context) {
            this.context = context;
            return this;
        }

        public Builder identityPolicies(List<PolicyDocument> identityPolicies) {
            this.identityPolicies = identityPolicies;
            return this;
        }

        public Builder permissionsBoundary(PolicyDocument permissionsBoundary) {
            this.permissionsBoundary = permissionsBoundary;
            return this;
        }

        public Builder sessionPolicy(PolicyDocument sessionPolicy) {
            this.sessionPolicy = sessionPolicy;
            return this;
        }

        /** The SCPs of one level (the caller's account, outside any organization). */
        public Builder serviceControlPolicies(List<PolicyDocument> serviceControlPolicies) {
            return serviceControlLevels(List.of(serviceControlPolicies));
        }

        public Builder serviceControlLevels(List<List<PolicyDocument>> serviceControlLevels) {
            this.serviceControlLevels = serviceControlLevels;
            return this;
        }

        /** The RCPs of one level (the resource's account, outside any organization). */
        public Builder resourceControlPolicies(List<PolicyDocument> resourceControlPolicies) {
            return resourceControlLevels(List.of(resourceControlPolicies));
        }

        public Builder resourceControlLevels(List<List<PolicyDocument>> resourceControlLevels) {
            this.resourceControlLevels = resourceControlLevels;
            return this;
        }

        public Builder resourcePolicy(PolicyDocument resourcePolicy) {
            this.resourcePolicy = resourcePolicy;
            return this;
        }

        public Builder mode(ResourcePolicyMode mode) {
            this.mode = mode;
            return this;
        }

        public AuthorizationRequest build() {
            return new AuthorizationRequest(
                    principal,
                    action,
                    resource,
                    resourceAccountId,
                    context,
                    identityPolicies,
                    permissionsBoundary,
                    sessionPolicy,
                    serviceControlLevels,
                    resourceControlLevels,
                    resourcePolicy,
                    mode);
        }
    }
}
