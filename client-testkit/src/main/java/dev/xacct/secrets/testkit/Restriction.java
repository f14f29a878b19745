package dev.xacct.secrets.testkit;

import java.util.Objects;

/**
 * A condition the owners set in a {@link CrossAccountScenario} on purpose, which a fix must never remove or bypass.
 * {@link CrossAccountScenario#lostRestrictions()} checks, by evaluating the world's current policies, that each still
 * holds.
 *
 * @param kind which restriction
 * @param description what it is, with the policy and condition key it lives in
 */
public record Restriction(Kind kind, String description) {

    /** The restrictions a scenario can set. */
    public enum Kind {
        /**
         * The key policy lets the app use the key only through Secrets Manager: a {@code kms:Decrypt} without
         * {@code kms:ViaService} stays denied by the key policy.
         */
        KEY_POLICY_VIA_SERVICE_ONLY,
        /**
         * The resource policy allows only {@code secretsmanager:VersionStage = AWSCURRENT}: a read without
         * {@code VersionStage}, or of {@code AWSPREVIOUS}, stays denied by the resource policy.
         */
        VERSION_STAGE,
        /**
         * The trust policy requires {@code sts:ExternalId}: an {@code AssumeRole} without it, or with another value,
         * stays denied by the trust policy.
         */
        EXTERNAL_ID,
        /**
         * The resource policy allows only principals of the organization ({@code aws:PrincipalOrgID}): a principal
         * outside it stays denied by the resource policy.
         */
        ORGANIZATION
    }

    /**
     * Checks that no field is null.
     *
     * @param kind which restriction
     * @param description what it is, with the policy and condition key it lives in
     */
    public Restriction {

        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }
}
