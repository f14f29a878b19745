package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.CrossAccountScenario.DECRYPT;
import static dev.xacct.secrets.testkit.CrossAccountScenario.DESCRIBE;
import static dev.xacct.secrets.testkit.CrossAccountScenario.GET;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xacct.secrets.testkit.CrossAccountScenario.AppIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.NullUnmarked;

/**
 * Builds one {@link CrossAccountScenario} into its world. Random identifiers are drawn in a fixed order — principals,
 * key, secret, then whatever the breakages add — so that the secret and key are the same for a seed whatever the
 * breakages, and a shared world (the demo world) gets the identifiers it documents.
 *
 * <p>Not null-checked ({@code @NullUnmarked}): a build in steps, whose fields are set one step after another (the
 * principals, then the key, the secret and the policies), which NullAway cannot follow across methods.
 * {@link CrossAccountScenario} copies the result into checked fields.
 */
@NullUnmarked
final class ScenarioBuild {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIKE_A_SUFFIX = "-legacy";

    private final CrossAccountScenario.Builder options;
    private final Set<Breakage> breaks;

    World world;
    Account owner;
    Account app;
    String region;
    AppIdentity appIdentity;
    IamRole role;
    IamUser user;
    AccessKey appCredentials;
    String sessionName;
    String appExternalId;
    String trustExternalId;
    String sessionPolicy;
    KmsKey key;
    Secret secret;
    String secretId;
    String identityPolicyName;
    Set<Breakage> breakages;
    List<Restriction> restrictions;
    private boolean roleCreatedHere;
    private boolean keyCreatedHere;

    ScenarioBuild(CrossAccountScenario.Builder options) {
        this.options = options;
        this.breaks = options.breakages;
    }

    private boolean has(Breakage breakage) {
        return breaks.contains(breakage);
    }

    ScenarioBuild run() {
        world = options.world != null ? options.world : World.create(options.clock, options.seed);
        region = options.region;
        appIdentity = options.appIdentity;
        sessionName = options.sessionName;
        breakages = breaks;
        restrictions = CrossAccountScenario.restrictionsOf(options);
        owner = world.account(options.ownerAccount);
        app = world.account(options.appAccount);
        if (owner == app) {
            throw new IllegalArgumentException("the owner's and the app's accounts must differ, both were " + app.id());
        }
        createPrincipals();
        key = options.key != null ? requireOwnersKey(options.key) : owner.createKey(region);
        keyCreatedHere = options.key == null;
        createSecret();
        identityPolicyName = options.identityPolicyName != null
                ? options.identityPolicyName
                : "read-" + secret.name().replaceAll("[^\\w+=,.@-]", "-");
        putResourcePolicy();
        putKeyPolicy();
        putIdentityPolicies();
        putTrustPolicy();
        putBoundary();
        sessionPolicy = sessionPolicyJson();
        putOrganizations();
        applyStates();
        if (has(Breakage.ROLE_RECREATED)) {
            recreateRole();
        }
        if (appIdentity == AppIdentity.ROLE_SESSION) {
            appCredentials = role.startSession(sessionName, sessionPolicy);
        }
        return this;
    }

    private void createPrincipals() {
        if (appIdentity != AppIdentity.USER) {
            role = app.role(options.roleName).orElse(null);
            if (role == null) {
                role = app.createRole(options.rolePath, options.roleName);
                roleCreatedHere = true;
            } else if (!role.path().equals(options.rolePath)) {
                throw new IllegalArgumentException(
                        "role " + role.arn() + " exists with another path than " + options.rolePath);
            }
        }
        if (appIdentity != AppIdentity.ROLE_SESSION) {
            user = app.user(options.userName).orElse(null);
            boolean newUser = user == null;
            if (newUser) {
                user = app.createUser(options.userName);
            }
            if (options.existingCredentials != null) {
                appCredentials = options.existingCredentials;
            } else if (options.userAccessKeyId != null) {
                appCredentials = user.createAccessKey(options.userAccessKeyId, options.userSecretAccessKey);
            } else {
                appCredentials = user.createAccessKey();
            }
        }
    }

    private KmsKey requireOwnersKey(KmsKey given) {
        if (given.account() != owner || given.isAwsManaged() || !given.region().equals(region)) {
            throw new IllegalArgumentException("key must be a customer managed key of account " + owner.id() + " in "
                    + region + ", was: " + given);
        }
        return given;
    }

    private void createSecret() {
        String name = options.secretName + (has(Breakage.PARTIAL_ARN_NAME_LIKE_SUFFIX) ? LIKE_A_SUFFIX : "");
        secret = newSecret(name);
        String staleArn = null;
        if (has(Breakage.STALE_SUFFIX)) {
            staleArn = secret.arn();
            owner.deleteSecret(secret);
            secret = newSecret(name);
        }
        String id = staleArn != null ? staleArn : secret.arn();
        if (has(Breakage.PARTIAL_ARN_NAME_LIKE_SUFFIX)) {
            id = id.substring(0, id.lastIndexOf('-'));
        }
        String[] parts = id.split(":", 6);
        if (has(Breakage.WRONG_REGION)) {
            parts[3] = region.equals("us-west-2") ? "us-east-2" : "us-west-2";
        }
        if (has(Breakage.WRONG_ACCOUNT)) {
            parts[4] = CrossAccountScenario.WRONG_ACCOUNT;
        }
        secretId = String.join(":", parts);
    }

    private Secret newSecret(String name) {
        // The key before the value, so that the first version is encrypted with it.
        return owner.createSecret(name, region)
                .kmsKey(has(Breakage.AWS_MANAGED_KEY) ? null : key)
                .secretString(options.secretString);
    }

    private String granteeArn() {
        return role != null ? role.arn() : user.arn();
    }

    private void putResourcePolicy() {
        List<String> statements = new ArrayList<>();
        if (!has(Breakage.NO_RESOURCE_POLICY_STATEMENT)) {
            boolean toAccount = has(Breakage.RESOURCE_POLICY_NAMES_ACCOUNT_WITHOUT_IDENTITY_GRANT);
            ObjectNode allow = statement("Allow", toAccount ? app.rootArn() : granteeArn(), "*", GET, DESCRIBE);
            if (has(Breakage.VERSION_STAGE_RESOURCE_POLICY)) {
                condition(allow, "StringEquals", "secretsmanager:VersionStage", "AWSCURRENT");
            }
            if (options.organizationId != null) {
                condition(allow, "StringEquals", "aws:PrincipalOrgID", options.organizationId);
            }
            statements.add(allow.toString());
        }
        if (has(Breakage.EXPLICIT_DENY_IN_RESOURCE_POLICY)) {
            statements.add(statement("Deny", granteeArn(), "*", GET).toString());
        }
        secret.resourcePolicy(statements.isEmpty() ? null : Policies.document(statements.toArray(String[]::new)));
    }

    private void putKeyPolicy() {
        List<String> statements = new ArrayList<>();
        if (!has(Breakage.NO_KEY_POLICY_STATEMENT)) {
            boolean viaService = has(Breakage.KEY_POLICY_VIA_SERVICE_ONLY);
            ObjectNode allow = viaService
                    ? statement("Allow", granteeArn(), "*", DECRYPT)
                    : statement("Allow", granteeArn(), "*", DECRYPT, "kms:DescribeKey");
            if (viaService) {
                // The least privilege a Secrets Manager read needs; the AWS managed key's own policy is written so.
                condition(allow, "StringEquals", "kms:ViaService", "secretsmanager." + region + ".amazonaws.com");
                condition(allow, "StringEquals", "kms:CallerAccount", app.id());
            }
            statements.add(allow.toString());
        }
        if (has(Breakage.EXPLICIT_DENY_IN_KEY_POLICY)) {
            statements.add(statement("Deny", granteeArn(), "*", DECRYPT).toString());
        }
        if (keyCreatedHere) {
            String policy = Policies.defaultKeyPolicy(owner.id());
            for (String statement : statements) {
                policy = Policies.withStatement(policy, statement);
            }
            key.keyPolicy(policy);
        } else {
            statements.forEach(key::mergeKeyPolicyStatement);
        }
    }

    private void putIdentityPolicies() {
        Principal grantee = role != null ? role : user;
        List<String> statements = new ArrayList<>();
        boolean secretGrant = !has(Breakage.NO_IDENTITY_GRANT_FOR_SECRET)
                && !has(Breakage.RESOURCE_POLICY_NAMES_ACCOUNT_WITHOUT_IDENTITY_GRANT);
        if (secretGrant) {
            String resource = has(Breakage.IDENTITY_RESOURCE_WITHOUT_SUFFIX) ? secret.partialArn() : secret.arn();
            statements.add(statement("Allow", null, resource, GET, DESCRIBE).toString());
        }
        if (!has(Breakage.NO_IDENTITY_GRANT_FOR_KEY)) {
            statements.add(statement("Allow", null, key.arn(), DECRYPT, "kms:DescribeKey")
                    .toString());
        }
        if (has(Breakage.EXPLICIT_DENY_IN_IDENTITY_POLICY)) {
            statements.add(statement("Deny", null, secret.arn(), GET).toString());
        }
        if (options.allowSelfSimulation) {
            statements.add(statement("Allow", null, grantee.arn(), "iam:SimulatePrincipalPolicy", "iam:GetRole")
                    .toString());
        }
        if (statements.isEmpty()) {
            grantee.deletePolicy(identityPolicyName);
        } else {
            grantee.putPolicy(identityPolicyName, Policies.document(statements.toArray(String[]::new)));
        }
        if (appIdentity == AppIdentity.USER_ASSUMING_ROLE) {
            user.putPolicy("assume-" + role.name(), Policies.allow(role.arn(), "sts:AssumeRole"));
        }
    }

    private void putTrustPolicy() {
        if (appIdentity != AppIdentity.USER_ASSUMING_ROLE) {
            return;
        }
        boolean required = has(Breakage.TRUST_POLICY_REQUIRES_EXTERNAL_ID) || options.externalId != null;
        trustExternalId = !required ? null : options.externalId != null ? options.externalId : "owner-external-id";
        // With the breakage the app does not know the id the trust policy asks for.
        appExternalId = has(Breakage.TRUST_POLICY_REQUIRES_EXTERNAL_ID) ? null : options.externalId;
        List<String> statements = new ArrayList<>();
        // A trust policy that trusts someone else: the owner's account, not the app's user.
        ObjectNode allow =
                trustStatement("Allow", has(Breakage.TRUST_POLICY_WITHOUT_CALLER) ? owner.rootArn() : user.arn());
        // The owner's external id conditions whomever the trust policy names, the app's user or someone else.
        if (trustExternalId != null) {
            condition(allow, "StringEquals", "sts:ExternalId", trustExternalId);
        }
        statements.add(allow.toString());
        if (has(Breakage.EXPLICIT_DENY_IN_TRUST_POLICY)) {
            statements.add(trustStatement("Deny", user.arn()).toString());
        }
        if (roleCreatedHere) {
            role.trustPolicy(Policies.document(statements.toArray(String[]::new)));
        } else {
            statements.forEach(role::mergeTrustPolicyStatement);
        }
    }

    private void putBoundary() {
        boolean withoutDecrypt = has(Breakage.PERMISSIONS_BOUNDARY_WITHOUT_KMS_DECRYPT);
        boolean deny = has(Breakage.EXPLICIT_DENY_IN_PERMISSIONS_BOUNDARY);
        if (!withoutDecrypt && !deny) {
            return;
        }
        List<String> statements = new ArrayList<>();
        statements.add(
                withoutDecrypt
                        ? statement("Allow", null, "*", "secretsmanager:*", "sts:*", "iam:*")
                                .toString()
                        : statement("Allow", null, "*", "secretsmanager:*", "kms:*", "sts:*", "iam:*")
                                .toString());
        if (deny) {
            statements.add(statement("Deny", null, "*", GET).toString());
        }
        (role != null ? role : user).permissionsBoundary(Policies.document(statements.toArray(String[]::new)));
    }

    private String sessionPolicyJson() {
        boolean withoutSecret = has(Breakage.SESSION_POLICY_WITHOUT_SECRET);
        boolean deny = has(Breakage.EXPLICIT_DENY_IN_SESSION_POLICY);
        if (!withoutSecret && !deny) {
            return null;
        }
        List<String> statements = new ArrayList<>();
        statements.add(
                withoutSecret
                        ? statement("Allow", null, "*", "kms:*").toString()
                        : statement("Allow", null, "*", "kms:*", "secretsmanager:*")
                                .toString());
        if (deny) {
            statements.add(statement("Deny", null, "*", GET).toString());
        }
        return Policies.document(statements.toArray(String[]::new));
    }

    /**
     * Organizations, when an option or a breakage needs one: the owner's (with a management account); the app joins
     * it (under a unit {@code workloads}, where an SCP attaches) unless an RCP perimeter must leave it outside, in
     * another organization if it needs an SCP.
     */
    private void putOrganizations() {
        boolean orgOption = options.organizationId != null;
        boolean scp = has(Breakage.SCP_DENY);
        boolean rcp = has(Breakage.RCP_DENY);
        if (!orgOption && !scp && !rcp) {
            return;
        }
        Organization ownerOrg = world.organization(ownerOrgId())
                .orElseGet(() ->
                        world.createOrganization(ownerOrgId(), world.account(CrossAccountScenario.MANAGEMENT_ACCOUNT)));
        if (orgOption || rcp) {
            ownerOrg.root().addAccount(owner);
        }
        Organization appOrg = !rcp && (orgOption || scp)
                ? ownerOrg
                : scp
                        ? world.organization(CrossAccountScenario.OTHER_ORGANIZATION_ID)
                                .orElseGet(() ->
                                        world.createOrganization(CrossAccountScenario.OTHER_ORGANIZATION_ID, null))
                        : null;
        if (appOrg != null) {
            OrganizationalUnit workloads = appOrg.root().createUnit("workloads").addAccount(app);
            if (scp) {
                workloads
                        .addServiceControlPolicy(Policies.allow("*", "*"))
                        .addServiceControlPolicy(Policies.deny("*", GET));
            }
        } else {
            app.organization(null);
        }
        if (rcp) {
            owner.addResourceControlPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
            owner.addResourceControlPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DataPerimeter\","
                    + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:*\",\"Resource\":\"*\","
                    + "\"Condition\":{\"StringNotEqualsIfExists\":{\"aws:PrincipalOrgID\":\"" + ownerOrgId() + "\"},"
                    + "\"BoolIfExists\":{\"aws:PrincipalIsAWSService\":\"false\"}}}]}");
        }
    }

    private String ownerOrgId() {
        return options.organizationId != null ? options.organizationId : CrossAccountScenario.ORGANIZATION_ID;
    }

    private void applyStates() {
        if (has(Breakage.KEY_PENDING_DELETION)) {
            if (key.state() != KmsKey.State.PENDING_DELETION) {
                key.scheduleDeletion();
            }
        } else if (has(Breakage.KEY_DISABLED)) {
            key.disable();
        }
        if (has(Breakage.SECRET_DELETED)) {
            secret.markForDeletion();
        }
    }

    /** Deleted and re-created with the same name and path, its trust, identity policies and boundary put again. */
    private void recreateRole() {
        IamRole old = role;
        app.deleteRole(old);
        role = app.createRole(old.path(), old.name()).trustPolicy(old.trustPolicy());
        for (String name : old.policyNames()) {
            role.putPolicy(name, old.policy(name).orElseThrow());
        }
        old.permissionsBoundary().ifPresent(role::permissionsBoundary);
        if (user != null) {
            user.putPolicy("assume-" + role.name(), Policies.allow(role.arn(), "sts:AssumeRole"));
        }
    }

    private static ObjectNode statement(String effect, String principal, String resource, String... actions) {
        ObjectNode node = JSON.createObjectNode().put("Effect", effect);
        if (principal != null) {
            node.putObject("Principal").put("AWS", principal);
        }
        if (actions.length == 1) {
            node.put("Action", actions[0]);
        } else {
            List.of(actions).forEach(node.putArray("Action")::add);
        }
        return node.put("Resource", resource);
    }

    private static ObjectNode trustStatement(String effect, String principal) {
        ObjectNode node = JSON.createObjectNode().put("Effect", effect);
        node.putObject("Principal").put("AWS", principal);
        return node.put("Action", "sts:AssumeRole");
    }

    private static void condition(ObjectNode statement, String operator, String key, String value) {
        ObjectNode conditions =
                statement.has("Condition") ? (ObjectNode) statement.get("Condition") : statement.putObject("Condition");
        ObjectNode keys =
                conditions.has(operator) ? (ObjectNode) conditions.get(operator) : conditions.putObject(operator);
        keys.put(key, value);
    }
}
