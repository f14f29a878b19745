package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The root or an organizational unit of an {@link Organization}, with the service control policies and resource
 * control policies attached to it. At each level that has policies of a kind attached, a request must be allowed by at
 * least one of them (attach a {@code "*"} allow, as {@code FullAWSAccess} does, to let everything through), and a Deny
 * in any of them denies.
 */
public final class OrganizationalUnit {

    private final Organization organization;
    private final @Nullable OrganizationalUnit parent;
    private final String id;
    private final String name;
    private final List<PolicyDocument> serviceControlPolicies = new CopyOnWriteArrayList<>();
    private final List<PolicyDocument> resourceControlPolicies = new CopyOnWriteArrayList<>();

    OrganizationalUnit(Organization organization, @Nullable OrganizationalUnit parent, String id, String name) {
        this.organization = organization;
        this.parent = parent;
        this.id = id;
        this.name = name;
    }

    /** {@return the id: {@code r-…} for the root, {@code ou-…} for a unit} */
    public String id() {
        return id;
    }

    /** {@return the name} */
    public String name() {
        return name;
    }

    /** {@return the organization} */
    public Organization organization() {
        return organization;
    }

    /** {@return the parent unit, empty for the root} */
    public Optional<OrganizationalUnit> parent() {
        return Optional.ofNullable(parent);
    }

    /**
     * Creates a unit under this one, with a new {@code ou-…} id.
     *
     * @param unitName the unit's display name, not blank
     * @return the new unit, with no accounts
     * @throws IllegalArgumentException if the name is null or blank
     */
    public OrganizationalUnit createUnit(String unitName) {
        if (unitName == null || unitName.isBlank()) {
            throw new IllegalArgumentException("unit name must not be blank");
        }
        String rootSuffix = root().id.substring(2);
        return new OrganizationalUnit(
                organization,
                this,
                "ou-" + rootSuffix + "-" + organization.world().randomChars(Ids.LOWER_ALNUM, 8),
                unitName);
    }

    /**
     * Moves {@code account} into this unit (out of any organization it was in).
     *
     * @param account an account of the same world
     * @return this unit
     */
    public OrganizationalUnit addAccount(Account account) {
        account.joinUnit(this);
        return this;
    }

    /**
     * Attaches a service control policy: it limits the principals of every account below this unit, except the
     * management account.
     *
     * @param policyJson the policy document as JSON
     * @return this unit
     * @throws AwsRefusedException if the policy is not valid
     */
    public OrganizationalUnit addServiceControlPolicy(String policyJson) {
        serviceControlPolicies.add(PolicyValidator.store(
                        organization.world(),
                        PolicyKind.SERVICE_CONTROL_POLICY,
                        "service control policy of " + id,
                        policyJson)
                .document());
        return this;
    }

    /**
     * Attaches a resource control policy: it limits who may use the resources (secrets, keys, roles) of every account
     * below this unit, whatever account the caller is in, except those of the management account. Its statements
     * name {@code "Principal": "*"}.
     *
     * @param policyJson the policy document as JSON
     * @return this unit
     * @throws AwsRefusedException if the policy is not valid
     *
     */
    public OrganizationalUnit addResourceControlPolicy(String policyJson) {
        resourceControlPolicies.add(PolicyValidator.store(
                        organization.world(),
                        PolicyKind.RESOURCE_CONTROL_POLICY,
                        "resource control policy of " + id,
                        policyJson)
                .document());
        return this;
    }

    private OrganizationalUnit root() {
        return parent == null ? this : parent.root();
    }

    /** This unit and its ancestors, the root first. */
    List<OrganizationalUnit> pathFromRoot() {
        List<OrganizationalUnit> path = new ArrayList<>();
        for (OrganizationalUnit unit = this; unit != null; unit = unit.parent) {
            path.add(0, unit);
        }
        return path;
    }

    List<PolicyDocument> serviceControlPolicies() {
        return List.copyOf(serviceControlPolicies);
    }

    List<PolicyDocument> resourceControlPolicies() {
        return List.copyOf(resourceControlPolicies);
    }

    @Override
    public String toString() {
        return "OrganizationalUnit[" + id + ", " + name + "]";
    }
}
