package dev.xacct.secrets.testkit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The documented cross-account setup, built in one call: a secret and a customer managed key in the owner's account
 * (Account1), an application in Account2 (a user that assumes {@code ApplicationRole}, a session of the role itself,
 * or a user that reads directly), and the three policies that let the app read the secret — the secret's resource
 * policy, the key policy, the app's identity policy — plus the trust policy when a user assumes the role. Then any
 * number of named {@link Breakage}s, each one change, and {@link Restriction}s the owners set on purpose.
 *
 * <pre>{@code
 * CrossAccountScenario scenario = CrossAccountScenario.builder()
 *         .seed(7)
 *         .breakages(Breakage.NO_KEY_POLICY_STATEMENT)
 *         .build();
 * AwsEmulator aws = AwsEmulator.start(scenario.world());
 * // read scenario.secretId() with scenario.appCredentials(), assuming scenario.roleArn()
 * }</pre>
 *
 * <p>A scenario is an immutable set of handles to parts of a {@link World}, which stays changeable. Identifiers are
 * deterministic for a seed (and, for the secret and key, whatever the breakages). Several scenarios can share a world,
 * with {@link Builder#world(World)}: they reuse the accounts, the role, the user and a key given by
 * {@link Builder#key(KmsKey)}, merge their statements into what they share, and each puts its own identity policy.
 */
public final class CrossAccountScenario {

    /** Account1, which owns the secret and the key, by default. */
    public static final String OWNER_ACCOUNT = "111111111111";
    /** Account2, where the application runs, by default. */
    public static final String APP_ACCOUNT = "222222222222";
    /** The region, by default. */
    public static final String REGION = "us-east-1";
    /** The management account of the organizations a scenario creates (neither SCPs nor RCPs apply to it). */
    public static final String MANAGEMENT_ACCOUNT = "999999999999";
    /** The organization a scenario creates, by default. */
    public static final String ORGANIZATION_ID = "o-a1b2c3d4e5";
    /** The organization the app's account is put in when it must be outside the owner's. */
    public static final String OTHER_ORGANIZATION_ID = "o-z9y8x7w6v5";
    /** An account that exists nowhere, named by {@link Breakage#WRONG_ACCOUNT}. */
    public static final String WRONG_ACCOUNT = "333333333333";

    static final String GET = "secretsmanager:GetSecretValue";
    static final String DESCRIBE = "secretsmanager:DescribeSecret";
    static final String DECRYPT = "kms:Decrypt";

    /** Who the application runs as. */
    public enum AppIdentity {
        /** A user with a long-term access key that assumes the role through STS (the default). */
        USER_ASSUMING_ROLE,
        /** A session of the role itself, as on an instance profile or a task role: no STS call, no trust policy. */
        ROLE_SESSION,
        /** A user that reads the secret with its own identity policy, no role. */
        USER
    }

    private final World world;
    private final Account owner;
    private final Account app;
    private final String region;
    private final AppIdentity appIdentity;
    private final @Nullable IamRole role;
    private final @Nullable IamUser user;
    private final AccessKey appCredentials;
    private final String sessionName;
    private final @Nullable String externalId;
    private final @Nullable String sessionPolicy;
    private final KmsKey key;
    private final Secret secret;
    private final String secretId;
    private final @Nullable String identityPolicyName;
    private final @Nullable String resourcePolicy;
    private final String keyPolicy;
    private final @Nullable String identityPolicy;
    private final @Nullable String trustPolicy;
    private final Set<Breakage> breakages;
    private final List<Restriction> restrictions;

    private CrossAccountScenario(ScenarioBuild build) {
        this.world = build.world;
        this.owner = build.owner;
        this.app = build.app;
        this.region = build.region;
        this.appIdentity = build.appIdentity;
        this.role = build.role;
        this.user = build.user;
        this.appCredentials = build.appCredentials;
        this.sessionName = build.sessionName;
        this.externalId = build.appExternalId;
        this.sessionPolicy = build.sessionPolicy;
        this.key = build.key;
        this.secret = build.secret;
        this.secretId = build.secretId;
        this.identityPolicyName = build.identityPolicyName;
        this.resourcePolicy = secret.resourcePolicy().orElse(null);
        this.keyPolicy = key.keyPolicy();
        Principal grantee = role != null ? role : user;
        this.identityPolicy = grantee.policy(identityPolicyName).orElse(null);
        this.trustPolicy = role == null ? null : role.trustPolicy();
        this.breakages = build.breakages.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(build.breakages));
        this.restrictions = List.copyOf(build.restrictions);
    }

    /**
     * {@return a builder with the defaults: Account1 and Account2 above, a user assuming {@code ApplicationRole}, no
     * breakage}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the working setup with the defaults, in a new world on the system clock}
     *
     * @param seed the seed the new world derives its identifiers (key ids, ARN suffixes, access keys) from
     */
    public static CrossAccountScenario create(long seed) {
        return builder().seed(seed).build();
    }

    /** {@return the world} */
    public World world() {
        return world;
    }

    /** {@return the account that owns the secret and the key} */
    public Account owner() {
        return owner;
    }

    /** {@return the account the application runs in} */
    public Account app() {
        return app;
    }

    /** {@return the region of the secret and the key} */
    public String region() {
        return region;
    }

    /** {@return who the application runs as} */
    public AppIdentity appIdentity() {
        return appIdentity;
    }

    /** {@return the secret (after {@link Breakage#STALE_SUFFIX}, the re-created one)} */
    public Secret secret() {
        return secret;
    }

    /** {@return the secret's full ARN} */
    public String secretArn() {
        return secret.arn();
    }

    /**
     * The secret of the owner's account, in the scenario's region, with this name.
     *
     * @param name the secret's name (not its ARN), such as {@code app/db}
     * @return the secret, as the world holds it now
     * @throws IllegalArgumentException if there is none
     */
    public Secret secret(String name) {
        return owner.findSecretByName(region, name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no secret named " + name + " in " + region + " of account " + owner.id()));
    }

    /**
     * The id the application is configured with: the secret's ARN, or the wrong one a breakage gives it (stale
     * suffix, partial ARN, wrong region or account).
     *
     * @return the secret id for the app's {@code GetSecretValue} calls; never null
     */
    public String secretId() {
        return secretId;
    }

    /** {@return the customer managed key (also with {@link Breakage#AWS_MANAGED_KEY}, which stops using it)} */
    public KmsKey key() {
        return key;
    }

    /** {@return the key's ARN} */
    public String keyArn() {
        return key.arn();
    }

    /**
     * {@return the role, empty when the app runs as a user with no role (after {@link Breakage#ROLE_RECREATED}, the new
     * one)}
     */
    public Optional<IamRole> role() {
        return Optional.ofNullable(role);
    }

    /**
     * The role's ARN, path included.
     *
     * @return the role's ARN, such as {@code arn:aws:iam::222222222222:role/ApplicationRole}
     * @throws IllegalStateException when the app has no role
     */
    public String roleArn() {
        if (role == null) {
            throw new IllegalStateException("the app runs as a user with no role (AppIdentity.USER)");
        }
        return role.arn();
    }

    /** {@return the app's user, empty when the app runs as a session of the role} */
    public Optional<IamUser> appUser() {
        return Optional.ofNullable(user);
    }

    /**
     * The credentials the application starts with: the user's access key, or for {@link AppIdentity#ROLE_SESSION}
     * the session credentials of the role.
     *
     * @return the app's starting credentials; a session token only for a role session
     */
    public AccessKey appCredentials() {
        return appCredentials;
    }

    /** {@return the role session name the app uses (its sessions' ARNs end with it)} */
    public String sessionName() {
        return sessionName;
    }

    /** {@return the external id the app sends when it assumes the role, if any} */
    public Optional<String> externalId() {
        return Optional.ofNullable(externalId);
    }

    /** {@return the session policy the app passes when it assumes the role (or its session carries), if any} */
    public Optional<String> sessionPolicy() {
        return Optional.ofNullable(sessionPolicy);
    }

    /** {@return the ARN the policies grant: the role's, or the user's for {@link AppIdentity#USER}} */
    public String appPrincipalArn() {
        return appPrincipal().arn();
    }

    /**
     * The ARN AWS names the app by in its messages: {@code arn:aws:sts::APP:assumed-role/NAME/SESSION} (no path) for
     * a role session, the user's ARN otherwise.
     *
     * @return the caller's ARN as {@code GetCallerIdentity} and access-denied messages show it
     */
    public String callerArn() {
        return role != null
                ? "arn:aws:sts::" + app.id() + ":assumed-role/" + role.name() + "/" + sessionName
                : appPrincipal().arn();
    }

    /** The role the app uses, or the user it runs as for {@link AppIdentity#USER}: one of the two is set. */
    private Principal appPrincipal() {
        return role != null ? role : Objects.requireNonNull(user, "an app without a role runs as a user");
    }

    /** {@return the name of the app's identity policy that grants the secret and the key} */
    public @Nullable String identityPolicyName() {
        return identityPolicyName;
    }

    /** {@return the secret's resource policy as the scenario left it, if it has one} */
    public Optional<String> resourcePolicy() {
        return Optional.ofNullable(resourcePolicy);
    }

    /** {@return the key policy as the scenario left it} */
    public String keyPolicy() {
        return keyPolicy;
    }

    /** {@return the app's identity policy {@link #identityPolicyName()} as the scenario left it, if it has one} */
    public Optional<String> identityPolicy() {
        return Optional.ofNullable(identityPolicy);
    }

    /** {@return the role's trust policy as the scenario left it, if there is a role} */
    public Optional<String> trustPolicy() {
        return Optional.ofNullable(trustPolicy);
    }

    /** {@return the breakages applied} */
    public Set<Breakage> breakages() {
        return breakages;
    }

    /** {@return the restrictions the scenario set, which fixes must keep} */
    public List<Restriction> restrictions() {
        return restrictions;
    }

    /**
     * {@return the restrictions that no longer hold in the world's current policies; empty when every one still holds}
     */
    public List<Restriction> lostRestrictions() {
        RestrictionChecks checks = new RestrictionChecks(this);
        return restrictions.stream()
                .filter(restriction -> !checks.holds(restriction))
                .toList();
    }

    @Override
    public String toString() {
        return "CrossAccountScenario[" + secret.arn() + ", app " + appIdentity + ", breakages " + breakages + "]";
    }

    /** Collects the options; {@link #build()} builds the world. */
    public static final class Builder {
        @Nullable
        World world;

        long seed;
        Clock clock = Clock.systemUTC();
        String ownerAccount = OWNER_ACCOUNT;
        String appAccount = APP_ACCOUNT;
        String region = REGION;
        AppIdentity appIdentity = AppIdentity.USER_ASSUMING_ROLE;
        String roleName = "ApplicationRole";
        String rolePath = "/";
        String userName = "app";

        @Nullable
        String userAccessKeyId;

        @Nullable
        String userSecretAccessKey;

        @Nullable
        AccessKey existingCredentials;

        String sessionName = "app";

        @Nullable
        String externalId;

        String secretName = "app/db";
        String secretString = "{\"username\":\"app\",\"password\":\"scenario-password\"}";

        @Nullable
        KmsKey key;

        @Nullable
        String identityPolicyName;

        @Nullable
        String organizationId;

        boolean allowSelfSimulation;
        final Set<Breakage> breakages = EnumSet.noneOf(Breakage.class);

        private Builder() {}

        /**
         * Builds into an existing world (its clock and seed), sharing its accounts, role, user and a given key.
         *
         * @param existing the world to add to; not null. The seed and clock options are then ignored
         * @return this builder
         */
        public Builder world(World existing) {
            this.world = Objects.requireNonNull(existing, "world");
            return this;
        }

        /**
         * Sets the seed of a new world's identifiers; by default 0.
         *
         * @param newSeed any value; the same seed gives the same key ids, ARN suffixes and access keys
         * @return this builder
         */
        public Builder seed(long newSeed) {
            this.seed = newSeed;
            return this;
        }

        /**
         * Sets the clock of a new world; by default the system clock.
         *
         * @param newClock the clock that dates creations and expires sessions, such as a {@link MutableClock}; not null
         * @return this builder
         */
        public Builder clock(Clock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /**
         * Sets the owner's account id; by default {@value CrossAccountScenario#OWNER_ACCOUNT}.
         *
         * @param accountId twelve digits
         * @return this builder
         * @throws IllegalArgumentException if {@code accountId} is not twelve digits
         */
        public Builder ownerAccount(String accountId) {
            this.ownerAccount = Ids.requireAccountId(accountId);
            return this;
        }

        /**
         * Sets the app's account id; by default {@value CrossAccountScenario#APP_ACCOUNT}.
         *
         * @param accountId twelve digits; the same as the owner's for a same-account setup
         * @return this builder
         * @throws IllegalArgumentException if {@code accountId} is not twelve digits
         */
        public Builder appAccount(String accountId) {
            this.appAccount = Ids.requireAccountId(accountId);
            return this;
        }

        /**
         * Sets the region of the secret and the key; by default {@value CrossAccountScenario#REGION}.
         *
         * @param newRegion a region name such as {@code eu-west-1}
         * @return this builder
         * @throws IllegalArgumentException if {@code newRegion} does not look like a region name
         */
        public Builder region(String newRegion) {
            this.region = Ids.requireRegion(newRegion);
            return this;
        }

        /**
         * Sets who the app runs as; by default {@link AppIdentity#USER_ASSUMING_ROLE}.
         *
         * @param identity the app's identity; not null
         * @return this builder
         */
        public Builder appIdentity(AppIdentity identity) {
            this.appIdentity = Objects.requireNonNull(identity, "appIdentity");
            return this;
        }

        /**
         * Sets the role's path and name; by default {@code /} and {@code ApplicationRole}.
         *
         * @param path the IAM path, starting and ending with {@code /}, such as {@code /service/}
         * @param name the role's name, without the path
         * @return this builder
         * @throws IllegalArgumentException if the path does not start and end with {@code /}, or the name is not a
         *     valid IAM name
         */
        public Builder role(String path, String name) {
            Ids.requireIamName("role name", name);
            if (path == null || !path.startsWith("/") || !path.endsWith("/")) {
                throw new IllegalArgumentException("role path must start and end with '/', was: " + path);
            }
            this.rolePath = path;
            this.roleName = name;
            return this;
        }

        /**
         * Sets the app user's name; by default {@code app}.
         *
         * @param name 1 to 64 characters of letters, digits and {@code +=,.@_-}
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid IAM name
         */
        public Builder userName(String name) {
            this.userName = Ids.requireIamName("user name", name);
            return this;
        }

        /**
         * Gives the app user this access key, documented values instead of seeded random ones.
         *
         * @param accessKeyId the access key id, such as {@code AKIAIOSFODNN7EXAMPLE}; not null
         * @param secretAccessKey the secret access key; not null
         * @return this builder
         */
        public Builder userAccessKey(String accessKeyId, String secretAccessKey) {
            this.userAccessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
            this.userSecretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            return this;
        }

        /**
         * For a user that already exists in a shared world: the credentials the app has (no new key is made).
         *
         * @param credentials an access key the world already knows for the app's user; not null
         * @return this builder
         */
        public Builder appCredentials(AccessKey credentials) {
            this.existingCredentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * Sets the role session name the app uses; by default {@code app}.
         *
         * @param name 2 to 64 characters of letters, digits and {@code +=,.@_-}
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid session name
         */
        public Builder sessionName(String name) {
            if (name == null || !name.matches("[\\w+=,.@-]{2,64}")) {
                throw new IllegalArgumentException(
                        "sessionName must be 2-64 characters of letters, digits and " + "+=,.@_-, was: " + name);
            }
            this.sessionName = name;
            return this;
        }

        /**
         * Makes the trust policy require this {@code sts:ExternalId}, and the app send it (a {@link Restriction}).
         *
         * @param id 2 to 1224 characters
         * @return this builder
         * @throws IllegalArgumentException if the id is null or of the wrong length
         */
        public Builder externalId(String id) {
            if (id == null || id.length() < 2 || id.length() > 1224) {
                throw new IllegalArgumentException("externalId must have 2 to 1224 characters, was: " + id);
            }
            this.externalId = id;
            return this;
        }

        /**
         * Sets the secret's name; by default {@code app/db}.
         *
         * @param name the secret's name, not an ARN: 1 to 512 characters of letters, digits and {@code /_+=.@-}
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid secret name
         */
        public Builder secretName(String name) {
            this.secretName = Ids.requireSecretName(name);
            return this;
        }

        /**
         * Sets the secret's value; by default a small JSON document.
         *
         * @param value the secret string, not empty
         * @return this builder
         * @throws IllegalArgumentException if the value is null or empty
         */
        public Builder secretString(String value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("secretString must not be empty");
            }
            this.secretString = value;
            return this;
        }

        /**
         * Uses a customer managed key of the owner (shared with other scenarios); by default a new one.
         *
         * @param existing a customer managed key of the owner's account, in the scenario's region; not null
         * @return this builder
         */
        public Builder key(KmsKey existing) {
            this.key = Objects.requireNonNull(existing, "key");
            return this;
        }

        /**
         * Sets the name of the app's identity policy; by default {@code read-} and the secret's name.
         *
         * @param name 1 to 128 characters of letters, digits and {@code +=,.@_-}
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid policy name
         */
        public Builder identityPolicyName(String name) {
            this.identityPolicyName = Ids.requirePolicyName(name);
            return this;
        }

        /**
         * Puts both accounts in the organization {@code id} (with {@value CrossAccountScenario#MANAGEMENT_ACCOUNT} as
         * its management account) and conditions the resource policy on {@code aws:PrincipalOrgID} (a
         * {@link Restriction}).
         *
         * @param id the organization id, {@code o-} and 10 to 32 lowercase letters or digits
         * @return this builder
         * @throws IllegalArgumentException if the id does not look like an organization id
         */
        public Builder organization(String id) {
            if (id == null || !id.matches("o-[a-z0-9]{10,32}")) {
                throw new IllegalArgumentException("organization must look like o-a1b2c3d4e5, was: " + id);
            }
            this.organizationId = id;
            return this;
        }

        /**
         * Lets the app simulate its own policies and read its role ({@code iam:SimulatePrincipalPolicy},
         * {@code iam:GetRole} on itself), as a diagnosing client needs.
         *
         * @return this builder
         */
        public Builder allowSelfSimulation() {
            this.allowSelfSimulation = true;
            return this;
        }

        /**
         * Adds breakages (any number, in any order).
         *
         * @param more the breakages to add; none null. Adding one twice has no further effect
         * @return this builder
         */
        public Builder breakages(Breakage... more) {
            for (Breakage breakage : more) {
                breakages.add(Objects.requireNonNull(breakage, "breakage"));
            }
            return this;
        }

        /**
         * Adds breakages (any number, in any order).
         *
         * @param more the breakages to add; none null
         * @return this builder
         */
        public Builder breakages(Set<Breakage> more) {
            more.forEach(this::breakages);
            return this;
        }

        /**
         * Builds the world (or adds to the given one).
         *
         * @return the scenario, with handles to what it built
         *
         * @throws IllegalArgumentException if a breakage needs a role, or a user assuming it, that the app identity
         *     does not have; or a shared role's path differs from the one asked for; or a key given to
         *     {@link #key(KmsKey)} is not a customer managed key of the owner in the scenario's region
         *
         */
        public CrossAccountScenario build() {
            for (Breakage breakage : breakages) {
                if ((breakage.needsAssumeRole() && appIdentity != AppIdentity.USER_ASSUMING_ROLE)
                        || (breakage.needsRole() && appIdentity == AppIdentity.USER)) {
                    throw new IllegalArgumentException(
                            "breakage '" + breakage + "' needs an app that "
                                    + (breakage.needsAssumeRole()
                                            ? "assumes the role (AppIdentity.USER_ASSUMING_ROLE)"
                                            : "runs as the role"),
                            null);
                }
            }
            if (externalId != null && appIdentity != AppIdentity.USER_ASSUMING_ROLE) {
                throw new IllegalArgumentException("an external id needs an app that assumes the role "
                        + "(AppIdentity.USER_ASSUMING_ROLE), was " + appIdentity);
            }
            return new CrossAccountScenario(new ScenarioBuild(this).run());
        }
    }

    /** Evaluates, in the world's current policies, whether the scenario's restrictions still hold. */
    private static final class RestrictionChecks {
        private final CrossAccountScenario scenario;

        RestrictionChecks(CrossAccountScenario scenario) {
            this.scenario = scenario;
        }

        boolean holds(Restriction restriction) {
            ResourceSideProbe probe = new ResourceSideProbe(scenario);
            return switch (restriction.kind()) {
                case KEY_POLICY_VIA_SERVICE_ONLY -> !probe.directDecryptAllowed();
                case VERSION_STAGE -> !probe.readAllowed(null, true) && !probe.readAllowed("AWSPREVIOUS", true);
                case EXTERNAL_ID -> !probe.assumeRoleAllowed(null) && !probe.assumeRoleAllowed("not-the-external-id");
                case ORGANIZATION -> !probe.readAllowed("AWSCURRENT", false);
            };
        }
    }

    /** The restrictions a scenario's options and breakages set, in a stable order. */
    static List<Restriction> restrictionsOf(Builder builder) {
        List<Restriction> restrictions = new ArrayList<>();
        if (builder.breakages.contains(Breakage.KEY_POLICY_VIA_SERVICE_ONLY)
                && !builder.breakages.contains(Breakage.NO_KEY_POLICY_STATEMENT)) {
            restrictions.add(new Restriction(
                    Restriction.Kind.KEY_POLICY_VIA_SERVICE_ONLY,
                    "the key policy allows the " + "app kms:Decrypt only with kms:ViaService secretsmanager."
                            + builder.region + ".amazonaws.com"));
        }
        if (builder.breakages.contains(Breakage.VERSION_STAGE_RESOURCE_POLICY)
                && !builder.breakages.contains(Breakage.NO_RESOURCE_POLICY_STATEMENT)) {
            restrictions.add(new Restriction(
                    Restriction.Kind.VERSION_STAGE,
                    "the resource policy allows "
                            + "secretsmanager:GetSecretValue only with secretsmanager:VersionStage AWSCURRENT"));
        }
        if (builder.externalId != null || builder.breakages.contains(Breakage.TRUST_POLICY_REQUIRES_EXTERNAL_ID)) {
            restrictions.add(new Restriction(
                    Restriction.Kind.EXTERNAL_ID,
                    "the trust policy allows sts:AssumeRole only with its sts:ExternalId"));
        }
        if (builder.organizationId != null && !builder.breakages.contains(Breakage.NO_RESOURCE_POLICY_STATEMENT)) {
            restrictions.add(new Restriction(
                    Restriction.Kind.ORGANIZATION,
                    "the resource policy allows only " + "principals with aws:PrincipalOrgID "
                            + builder.organizationId));
        }
        return restrictions;
    }
}
