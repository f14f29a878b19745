package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * An emulated AWS account: its IAM users and roles, KMS keys, secrets, and optionally an organization with service
 * control policies. Obtained from {@link World#account(String)}.
 */
public final class Account {

    private final World world;
    private final String id;
    private volatile @Nullable OrganizationalUnit unit;
    private final List<PolicyDocument> serviceControlPolicies = new CopyOnWriteArrayList<>();
    private final List<PolicyDocument> resourceControlPolicies = new CopyOnWriteArrayList<>();
    private final ConcurrentMap<String, IamUser> users = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, IamRole> roles = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, KmsKey> keys = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Secret> secrets = new ConcurrentHashMap<>();
    /** Aliases by region, then by name ({@code alias/...}). */
    private final ConcurrentMap<String, ConcurrentMap<String, KmsKey>> aliases = new ConcurrentHashMap<>();

    Account(World world, String id) {
        this.world = world;
        this.id = id;
    }

    /** {@return the 12-digit account id} */
    public String id() {
        return id;
    }

    /** {@return the ARN of the account principal, {@code arn:aws:iam::ID:root}} */
    public String rootArn() {
        return "arn:aws:iam::" + id + ":root";
    }

    /**
     * Puts the account under the root of the organization {@code organizationId} (created, without a management
     * account, if the world has none with that id), which sets {@code aws:PrincipalOrgID} for its principals; or
     * takes it out of its organization when {@code null}. For an organization with a management account and units, see
     * {@link World#createOrganization(String, Account)}.
     *
     * @param organizationId an id such as {@code o-a1b2c3d4e5}, or {@code null} to leave the organization
     * @return this account
     */
    public Account organization(@Nullable String organizationId) {
        if (organizationId == null) {
            unit = null;
            return this;
        }
        world.organization(organizationId)
                .orElseGet(() -> world.createOrganization(organizationId, null))
                .root()
                .addAccount(this);
        return this;
    }

    /** {@return the organization id, if the account is in one} */
    public Optional<String> organization() {
        OrganizationalUnit current = unit;
        return current == null
                ? Optional.empty()
                : Optional.of(current.organization().id());
    }

    /** {@return the root or unit of its organization the account is directly under, if it is in one} */
    public Optional<OrganizationalUnit> parentUnit() {
        return Optional.ofNullable(unit);
    }

    void joinUnit(OrganizationalUnit newUnit) {
        this.unit = newUnit;
    }

    /**
     * The organization path of the account, as {@code aws:PrincipalOrgPaths} and {@code aws:ResourceOrgPaths} give it:
     * {@code o-…/r-…/ou-…/…/}; empty outside an organization.
     */
    Optional<String> organizationPath() {
        OrganizationalUnit current = unit;
        if (current == null) {
            return Optional.empty();
        }
        StringBuilder path = new StringBuilder(current.organization().id()).append('/');
        current.pathFromRoot().forEach(level -> path.append(level.id()).append('/'));
        return Optional.of(path.toString());
    }

    /**
     * Attaches a service control policy to the account itself. At each level (the root, each unit above the account,
     * the account) that has SCPs, every request of the account's principals must be allowed by at least one of them
     * (attach a {@code "*"} allow to emulate {@code FullAWSAccess}); a Deny in any denies. They do not apply to the
     * management account of an organization.
     *
     * @param policyJson the policy document as JSON, as {@code organizations:CreatePolicy} takes it
     * @return this account
     * @throws AwsRefusedException if the policy is not valid
     */
    public Account addServiceControlPolicy(String policyJson) {
        serviceControlPolicies.add(
                PolicyValidator.store(world, PolicyKind.SERVICE_CONTROL_POLICY, "service control policy", policyJson)
                        .document());
        return this;
    }

    /**
     * Detaches every service control policy attached to the account itself (not those of its units or root).
     *
     * @return this account
     */
    public Account clearServiceControlPolicies() {
        serviceControlPolicies.clear();
        return this;
    }

    /**
     * Attaches a resource control policy to the account itself: it limits who may use the account's secrets, keys and
     * roles, whatever account the caller is in (but not the resources of an organization's management account).
     *
     * @param policyJson the policy document as JSON, as {@code organizations:CreatePolicy} takes it
     * @return this account
     * @throws AwsRefusedException if the policy is not valid
     */
    public Account addResourceControlPolicy(String policyJson) {
        resourceControlPolicies.add(
                PolicyValidator.store(world, PolicyKind.RESOURCE_CONTROL_POLICY, "resource control policy", policyJson)
                        .document());
        return this;
    }

    /**
     * Detaches every resource control policy attached to the account itself (not those of its units or root).
     *
     * @return this account
     */
    public Account clearResourceControlPolicies() {
        resourceControlPolicies.clear();
        return this;
    }

    /** The SCPs that limit this account's principals, one list per level; none for a management account. */
    List<List<PolicyDocument>> serviceControlLevels() {
        return levels(serviceControlPolicies, OrganizationalUnit::serviceControlPolicies);
    }

    /** The RCPs that limit the use of this account's resources, one list per level; none for a management account. */
    List<List<PolicyDocument>> resourceControlLevels() {
        return levels(resourceControlPolicies, OrganizationalUnit::resourceControlPolicies);
    }

    private List<List<PolicyDocument>> levels(
            List<PolicyDocument> own, java.util.function.Function<OrganizationalUnit, List<PolicyDocument>> attached) {
        OrganizationalUnit current = unit;
        if (current != null && current.organization().isManagement(this)) {
            return List.of();
        }
        List<List<PolicyDocument>> levels = new java.util.ArrayList<>();
        if (current != null) {
            current.pathFromRoot().forEach(level -> levels.add(attached.apply(level)));
        }
        levels.add(List.copyOf(own));
        return levels;
    }

    /**
     * Creates an IAM user with no policies.
     *
     * @param name 1 to 64 characters of letters, digits and {@code +=,.@_-}, new in this account
     * @return the new user
     * @throws IllegalStateException if the account already has a user with this name
     */
    public IamUser createUser(String name) {
        Ids.requireIamName("user name", name);
        IamUser user = new IamUser(this, name);
        if (users.putIfAbsent(name, user) != null) {
            throw new IllegalStateException("user " + name + " already exists in account " + id);
        }
        world.registerPrincipal(user);
        return user;
    }

    /**
     * Creates a role with path {@code /}, no identity policies, and a trust policy that delegates to this account.
     *
     * @param name 1 to 64 characters of letters, digits and {@code +=,.@_-}, new in this account
     * @return the new role
     * @throws IllegalStateException if the account already has a role with this name
     */
    public IamRole createRole(String name) {
        return createRole("/", name);
    }

    /**
     * Creates a role with the given path, no identity policies, and a trust policy that delegates to this account.
     *
     * @param path the IAM path, starting and ending with {@code /}, such as {@code /service/}
     * @param name 1 to 64 characters of letters, digits and {@code +=,.@_-}, new in this account
     * @return the new role
     * @throws IllegalArgumentException if the path does not start and end with {@code /}
     * @throws IllegalStateException if the account already has a role with this name
     */
    public IamRole createRole(String path, String name) {
        Ids.requireIamName("role name", name);
        if (!path.startsWith("/") || !path.endsWith("/")) {
            throw new IllegalArgumentException("role path must start and end with '/', was: " + path);
        }
        IamRole role = new IamRole(this, path, name);
        if (roles.putIfAbsent(name, role) != null) {
            throw new IllegalStateException("role " + name + " already exists in account " + id);
        }
        world.registerPrincipal(role);
        return role;
    }

    /**
     * Deletes a role, as IAM {@code DeleteRole} (after its policies are removed) would: its sessions keep their
     * credentials but have no permissions left, and policies that named it keep its unique id, so a role re-created
     * with the same name is a new principal they do not name.
     *
     * @param role the role to delete; a current role of this account
     * @throws IllegalArgumentException if {@code role} is not a current role of this account
     */
    public void deleteRole(IamRole role) {
        if (!roles.remove(role.name(), role)) {
            throw new IllegalArgumentException(role + " is not a current role of account " + id);
        }
        role.markDeleted();
        world.unregisterPrincipal(role);
    }

    /**
     * {@return the user with this name, if any}
     *
     * @param name the user's name, without path
     */
    public Optional<IamUser> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    /**
     * {@return the current role with this name, if any}
     *
     * @param name the role's name, without path
     */
    public Optional<IamRole> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    /**
     * Creates a customer managed key in the default region with the default key policy (delegation to IAM).
     *
     * @return the new key, enabled
     */
    public KmsKey createKey() {
        return createKey(World.DEFAULT_REGION);
    }

    /**
     * Creates a customer managed key in {@code region} with the default key policy (delegation to IAM).
     *
     * @param region a region name such as {@code eu-west-1}
     * @return the new key, enabled
     */
    public KmsKey createKey(String region) {
        KmsKey key = KmsKey.customerManaged(this, Ids.requireRegion(region));
        keys.put(key.keyId(), key);
        return key;
    }

    /** {@return the AWS managed key {@code alias/aws/secretsmanager} of the default region, created on first use} */
    public KmsKey awsManagedKey() {
        return awsManagedKey(World.DEFAULT_REGION);
    }

    /**
     * The AWS managed key {@code alias/aws/secretsmanager} of {@code region}, created on first use, with the real key
     * policy of that key (usable only through Secrets Manager, only by principals of this account). Its key policy
     * cannot be changed.
     *
     * @param region a region name such as {@code eu-west-1}
     * @return the account's AWS managed key for Secrets Manager in that region; the same one on every call
     */
    public KmsKey awsManagedKey(String region) {
        Ids.requireRegion(region);
        for (KmsKey key : keys.values()) {
            if (key.isAwsManaged() && key.region().equals(region)) {
                return key;
            }
        }
        synchronized (keys) {
            for (KmsKey key : keys.values()) {
                if (key.isAwsManaged() && key.region().equals(region)) {
                    return key;
                }
            }
            KmsKey key = KmsKey.awsManaged(this, region);
            keys.put(key.keyId(), key);
            return key;
        }
    }

    /** The AWS managed key of {@code region}, if it was created (by a secret using it, or a lookup). */
    Optional<KmsKey> existingAwsManagedKey(String region) {
        return keys.values().stream()
                .filter(key -> key.isAwsManaged() && key.region().equals(region))
                .findFirst();
    }

    /**
     * Creates a secret in the default region, encrypted with the AWS managed key until {@link Secret#kmsKey}.
     *
     * @param name 1 to 512 characters of letters, digits and {@code /_+=.@-}, new in the region
     * @return the new secret, with no value yet
     * @throws IllegalStateException if a secret with this name exists in the region
     */
    public Secret createSecret(String name) {
        return createSecret(name, World.DEFAULT_REGION);
    }

    /**
     * Creates a secret in {@code region}, encrypted with the AWS managed key until {@link Secret#kmsKey}.
     *
     * @param name 1 to 512 characters of letters, digits and {@code /_+=.@-}, new in the region
     * @param region a region name such as {@code eu-west-1}
     * @return the new secret, with no value yet
     * @throws IllegalStateException if a secret with this name exists in the region
     */
    public Secret createSecret(String name, String region) {
        Ids.requireSecretName(name);
        Ids.requireRegion(region);
        if (findSecretByName(region, name).isPresent()) {
            throw new IllegalStateException("secret " + name + " already exists in " + region + " of account " + id);
        }
        Secret secret = new Secret(this, region, name, world.randomChars(Ids.ALNUM, 6));
        secrets.put(secret.arn(), secret);
        return secret;
    }

    /**
     * Deletes a secret at once (no recovery window); later requests for it find nothing.
     *
     * @param secret a secret of this account; deleting one that is already gone does nothing
     */
    public void deleteSecret(Secret secret) {
        secrets.remove(secret.arn());
    }

    Optional<Secret> findSecretByArn(String arn) {
        return Optional.ofNullable(secrets.get(arn));
    }

    Optional<Secret> findSecretByName(String region, String name) {
        return secrets.values().stream()
                .filter(s -> s.region().equals(region) && s.name().equals(name))
                .findFirst();
    }

    List<Secret> secretsIn(String region) {
        return secrets.values().stream().filter(s -> s.region().equals(region)).toList();
    }

    Optional<KmsKey> findKey(String region, String keyId) {
        KmsKey key = keys.get(keyId);
        return key != null && key.region().equals(region) ? Optional.of(key) : Optional.empty();
    }

    /**
     * Creates an alias for a key of this account, as {@code create-alias} does; Secrets Manager and KMS resolve it
     * when a request names it.
     *
     * @param aliasName {@code alias/} and a name, not in the reserved {@code alias/aws/} space
     * @param key a customer managed key of this account, in the region the alias is created in
     * @return this account
     * @throws AwsRefusedException if KMS would refuse it ({@code AlreadyExistsException},
     *     {@code InvalidAliasNameException}, {@code NotFoundException} for another account's key)
     *
     */
    public Account createAlias(String aliasName, KmsKey key) {
        String arn = "arn:aws:kms:" + key.region() + ":" + id + ":" + aliasName;
        if (aliasName == null
                || !aliasName.matches("alias/[a-zA-Z0-9/_-]{1,250}")
                || aliasName.startsWith("alias/aws/")) {
            throw new AwsRefusedException(
                    "alias name " + aliasName + " must be alias/ and letters, digits, /_- " + "outside alias/aws/",
                    "kms",
                    "InvalidAliasNameException",
                    400,
                    "Alias name " + aliasName + " is not valid.");
        }
        if (key.account() != this || key.isAwsManaged()) {
            throw new AwsRefusedException(
                    key + " is not a customer managed key of account " + id,
                    "kms",
                    "NotFoundException",
                    400,
                    "Key '" + key.arn() + "' does not exist");
        }
        if (aliases.computeIfAbsent(key.region(), r -> new ConcurrentHashMap<>())
                        .putIfAbsent(aliasName, key)
                != null) {
            throw new AwsRefusedException(
                    "alias " + arn + " already exists",
                    "kms",
                    "AlreadyExistsException",
                    400,
                    "An alias with the name " + arn + " already exists");
        }
        return this;
    }

    /** The aliases of this account in {@code region}, by name, sorted. */
    Map<String, KmsKey> aliasesIn(String region) {
        return new java.util.TreeMap<>(aliases.getOrDefault(region, new ConcurrentHashMap<>()));
    }

    Set<String> aliasesOf(KmsKey key) {
        return aliases.getOrDefault(key.region(), new ConcurrentHashMap<>()).entrySet().stream()
                .filter(e -> e.getValue() == key)
                .map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    Optional<KmsKey> findKeyByAlias(String region, String aliasName) {
        if (KmsKey.AWS_SECRETSMANAGER_ALIAS.equals(aliasName)) {
            return Optional.of(awsManagedKey(region));
        }
        return Optional.ofNullable(
                aliases.getOrDefault(region, new ConcurrentHashMap<>()).get(aliasName));
    }

    Optional<IamRole> findRoleByArn(String arn) {
        return roles.values().stream().filter(r -> r.arn().equals(arn)).findFirst();
    }

    Optional<IamUser> findUserByArn(String arn) {
        return users.values().stream().filter(u -> u.arn().equals(arn)).findFirst();
    }

    World world() {
        return world;
    }

    @Override
    public String toString() {
        return "Account[" + id + "]";
    }
}
