package dev.xacct.secrets.testkit;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An AWS Organizations organization: an id ({@code aws:PrincipalOrgID}, {@code aws:ResourceOrgID}), a management
 * account, and a tree of organizational units under its root, each of which may carry service control policies (for
 * the principals of the accounts below it) and resource control policies (for their resources). Neither kind applies
 * to the management account. Created by {@link World#createOrganization(String, Account)}.
 */
public final class Organization {

    private final World world;
    private final String id;
    private final @Nullable Account management;
    private final OrganizationalUnit root;

    Organization(World world, String id, @Nullable Account management) {
        this.world = world;
        this.id = id;
        this.management = management;
        this.root = new OrganizationalUnit(this, null, "r-" + world.randomChars(Ids.LOWER_ALNUM, 4), "Root");
        if (management != null) {
            root.addAccount(management);
        }
    }

    /** {@return the organization id, such as {@code o-a1b2c3d4e5}} */
    public String id() {
        return id;
    }

    /** {@return the management account, if the organization was created with one} */
    public Optional<Account> managementAccount() {
        return Optional.ofNullable(management);
    }

    /** {@return the root of the unit tree; its id is {@code r-} and four characters} */
    public OrganizationalUnit root() {
        return root;
    }

    World world() {
        return world;
    }

    boolean isManagement(Account account) {
        return management == account;
    }

    @Override
    public String toString() {
        return "Organization[" + id + "]";
    }
}
