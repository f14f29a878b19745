package dev.xacct.secrets.testkit;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The state of an emulated AWS: accounts, their IAM users and roles, KMS keys, secrets and SCPs.
 *
 * <p>A world is built with plain Java calls before (or while) an {@link AwsEmulator} serves it, and can be changed
 * at any time: rotate a secret, replace a policy, disable a key. Every change is visible to the next request.
 *
 * <pre>{@code
 * World world = World.create();
 * Account owner = world.account("111111111111");
 * Account app = world.account("222222222222");
 * IamRole role = app.createRole("ApplicationRole");
 * KmsKey key = owner.createKey().allow(role.arn(), "kms:Decrypt");
 * Secret secret = owner.createSecret("app/db").kmsKey(key).secretString("{\"password\":\"pw\"}");
 * secret.resourcePolicy(Policies.document(
 *         Policies.statement("Allow", role.arn(), secret.arn(), "secretsmanager:GetSecretValue")));
 * role.putPolicy("read", Policies.allow(secret.arn(), "secretsmanager:GetSecretValue"));
 * role.putPolicy("decrypt", Policies.allow(key.arn(), "kms:Decrypt"));
 * }</pre>
 *
 * <p>Thread-safe: the emulator's threads read while the test changes it.
 */
public final class World {

    /** The region used when none is given. */
    public static final String DEFAULT_REGION = "us-east-1";

    private final Clock clock;
    private final Random random;
    private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Principal> principalsById = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Organization> organizations = new ConcurrentHashMap<>();
    private final Credentials credentials = new Credentials();
    private volatile DecryptOrder decryptOrder = DecryptOrder.AUTHORIZE_FIRST;
    private volatile boolean secureTransport = true;

    private World(Clock clock, Random random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A world on the system clock, with random identifiers.
     *
     * @return a new, empty world
     */
    public static World create() {
        return new World(Clock.systemUTC(), new Random());
    }

    /**
     * A world on the given clock (SigV4 skew, session expiry and creation dates follow it) whose random
     * identifiers (secret ARN suffixes, key ids, access keys) come from {@code seed}, so they repeat run after run.
     *
     * @param clock the world's time, such as a {@link MutableClock} a test moves; not null
     * @param seed any value; the same seed gives the same identifiers
     * @return a new, empty world
     */
    public static World create(Clock clock, long seed) {
        return new World(clock, new Random(seed));
    }

    /**
     * A world on the given clock, with random identifiers.
     *
     * @param clock the world's time, such as a {@link MutableClock} a test moves; not null
     * @return a new, empty world
     */
    public static World create(Clock clock) {
        return new World(clock, new Random());
    }

    /**
     * The account with this 12-digit id, created on first use.
     *
     * @param accountId twelve digits
     * @return the account; the same instance on every call with this id
     * @throws IllegalArgumentException if {@code accountId} is not 12 digits
     */
    public Account account(String accountId) {
        Ids.requireAccountId(accountId);
        return accounts.computeIfAbsent(accountId, id -> new Account(this, id));
    }

    /**
     * The accounts created so far.
     *
     * @return a snapshot of the accounts, in no particular order
     */
    public Collection<Account> accounts() {
        return List.copyOf(accounts.values());
    }

    Optional<Account> findAccount(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    /** The current user or role with this unique id ({@code AIDA…}, {@code AROA…}); empty once it was deleted. */
    Optional<Principal> findPrincipalById(String uniqueId) {
        return Optional.ofNullable(principalsById.get(uniqueId));
    }

    void registerPrincipal(Principal principal) {
        principalsById.put(principal.uniqueId(), principal);
    }

    void unregisterPrincipal(Principal principal) {
        principalsById.remove(principal.uniqueId(), principal);
    }

    /**
     * Creates an organization. Its management account (if given) is put under the root; service and resource control
     * policies never apply to it.
     *
     * @param organizationId an id such as {@code o-a1b2c3d4e5}
     * @param managementAccount the management account, or {@code null} for none
     * @return the new organization, with only a root
     * @throws IllegalArgumentException if the id is malformed
     * @throws IllegalStateException if the world has an organization with that id already
     */
    public Organization createOrganization(String organizationId, @Nullable Account managementAccount) {
        if (organizationId == null || !organizationId.matches("o-[a-z0-9]{10,32}")) {
            throw new IllegalArgumentException("organizationId must look like o-a1b2c3d4e5, was: " + organizationId);
        }
        synchronized (organizations) {
            if (organizations.containsKey(organizationId)) {
                throw new IllegalStateException("organization " + organizationId + " already exists");
            }
            Organization organization = new Organization(this, organizationId, managementAccount);
            organizations.put(organizationId, organization);
            return organization;
        }
    }

    /**
     * {@return the organization with this id, if the world has one}
     *
     * @param organizationId an id such as {@code o-a1b2c3d4e5}
     */
    public Optional<Organization> organization(String organizationId) {
        return Optional.ofNullable(organizations.get(organizationId));
    }

    /**
     * {@return the secret with this full ARN, if it exists}
     *
     * @param arn the secret's full ARN, random suffix included; a name or partial ARN finds nothing
     */
    public Optional<Secret> secret(String arn) {
        return accountOf(arn).flatMap(account -> account.findSecretByArn(arn));
    }

    /**
     * {@return the key with this key ARN or alias ARN, if it exists}
     *
     * @param arn a key ARN ({@code arn:aws:kms:REGION:ACCOUNT:key/ID}) or alias ARN; anything else finds nothing
     */
    public Optional<KmsKey> key(String arn) {
        if (arn == null || !arn.startsWith("arn:aws:kms:")) {
            return Optional.empty();
        }
        String[] parts = arn.split(":", 6);
        return parts.length == 6 ? resolveKey(arn, parts[4], parts[3]) : Optional.empty();
    }

    /**
     * {@return the current role with this ARN, if it exists}
     *
     * @param arn the role's ARN, path included; a deleted role's ARN finds nothing
     */
    public Optional<IamRole> role(String arn) {
        return accountOf(arn).flatMap(account -> account.findRoleByArn(arn));
    }

    /**
     * {@return the current user with this ARN, if it exists}
     *
     * @param arn the user's ARN, path included
     */
    public Optional<IamUser> user(String arn) {
        return accountOf(arn).flatMap(account -> account.findUserByArn(arn));
    }

    private Optional<Account> accountOf(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        return parts.length == 6 ? findAccount(parts[4]) : Optional.empty();
    }

    /**
     * Resolves a KMS key id, key ARN, alias name or alias ARN as KMS does: an ARN names its account and region, a
     * bare id or alias name is looked up in {@code accountId} and {@code region}.
     */
    Optional<KmsKey> resolveKey(String keyId, String accountId, String region) {
        String account = accountId;
        String keyRegion = region;
        String resource = keyId;
        if (keyId.startsWith("arn:")) {
            String[] parts = keyId.split(":", 6);
            if (parts.length != 6 || !parts[2].equals("kms")) {
                return Optional.empty();
            }
            keyRegion = parts[3];
            account = parts[4];
            resource = parts[5];
        }
        String name = resource;
        String inRegion = keyRegion;
        return findAccount(account)
                .flatMap(owner -> name.startsWith("alias/")
                        ? owner.findKeyByAlias(inRegion, name)
                        : owner.findKey(inRegion, name.startsWith("key/") ? name.substring(4) : name));
    }

    /**
     * Makes a change as the owner of the policy or resource would, with the Java API of the world's parts (no
     * caller is authorized: the owner's administrator acts). Each refuses what AWS would refuse.
     *
     * @param action the change to make; not null
     * @return whether anything changed (merging a statement that is already there, or putting an identical policy,
     *     changes nothing)
     * @throws AwsRefusedException with AWS's error, if AWS would refuse the change or the target does not exist
     */
    public boolean apply(OwnerAction action) {
        return OwnerActions.apply(this, action);
    }

    /** {@return the clock of this world, which dates creations and expires sessions} */
    public Clock clock() {
        return clock;
    }

    /**
     * What KMS {@code Decrypt} does when the request names a {@code KeyId} and the ciphertext is not valid: AWS does
     * not document whether it authorizes the caller on the key first or rejects the ciphertext first.
     * By default {@link DecryptOrder#AUTHORIZE_FIRST}.
     *
     * @param order which check KMS makes first; not null
     * @return this world
     */
    public World decryptOrder(DecryptOrder order) {
        this.decryptOrder = Objects.requireNonNull(order, "order");
        return this;
    }

    /**
     * The value of {@code aws:SecureTransport} in every request: {@code true} by default, as for any SDK call to AWS
     * (HTTPS), even though the emulator itself speaks plain HTTP on 127.0.0.1. Set {@code false} to see what a
     * "Deny if aws:SecureTransport is false" guard does to a client that does not use TLS.
     *
     * @param secure the value every request's {@code aws:SecureTransport} key takes from now on
     * @return this world
     */
    public World secureTransport(boolean secure) {
        this.secureTransport = secure;
        return this;
    }

    /** {@return the current {@link #secureTransport(boolean)}; {@code true} unless a test set it} */
    public boolean secureTransport() {
        return secureTransport;
    }

    /** {@return the current {@link #decryptOrder(DecryptOrder)}} */
    public DecryptOrder decryptOrder() {
        return decryptOrder;
    }

    Credentials credentials() {
        return credentials;
    }

    String randomChars(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        synchronized (random) {
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return sb.toString();
    }

    byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        synchronized (random) {
            random.nextBytes(bytes);
        }
        return bytes;
    }

    String randomUuid() {
        String hex = randomChars("0123456789abcdef", 32);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
