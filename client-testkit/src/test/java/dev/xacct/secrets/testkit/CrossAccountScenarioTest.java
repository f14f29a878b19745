package dev.xacct.secrets.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xacct.secrets.testkit.CrossAccountScenario.AppIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each named breakage of {@link CrossAccountScenario}, read by the app through the real SDK: the error AWS answers
 * (error catalogue and fidelity facts in the testkit README). One world holds a scenario per breakage, each in its own
 * pair of accounts, served by one emulator.
 */
class CrossAccountScenarioTest {

    private static final String VALUE = "{\"username\":\"app\",\"password\":\"scenario-password\"}";
    private static final Map<Breakage, CrossAccountScenario> BROKEN = new EnumMap<>(Breakage.class);
    private static CrossAccountScenario working;

    @RegisterExtension
    static final EmulatorExtension AWS = EmulatorExtension.of(CrossAccountScenarioTest::world);

    private Sdk sdk;

    @BeforeEach
    void openSdk(AwsEmulator aws) {
        sdk = new Sdk(aws);
    }

    @AfterEach
    void closeSdk() throws Exception {
        sdk.close();
    }

    private static World world() {
        World world = World.create(MutableClock.at(Instant.now()), 42);
        working = CrossAccountScenario.builder().world(world).build();
        int i = 10;
        for (Breakage breakage : Breakage.values()) {
            BROKEN.put(
                    breakage,
                    CrossAccountScenario.builder()
                            .world(world)
                            .ownerAccount("1000000000" + i)
                            .appAccount("2000000000" + i++)
                            .breakages(breakage)
                            .build());
        }
        return world;
    }

    private static String denied(CrossAccountScenario s, String reason) {
        return "AccessDeniedException: User: " + s.callerArn() + " is not authorized to perform: "
                + "secretsmanager:GetSecretValue on resource: " + s.secretId() + " " + reason;
    }

    private static String noResourcePolicy(CrossAccountScenario s) {
        return denied(s, "because no resource-based policy allows the secretsmanager:GetSecretValue action");
    }

    private static String noIdentityPolicy(CrossAccountScenario s) {
        return denied(s, "because no identity-based policy allows the secretsmanager:GetSecretValue action");
    }

    private static String assumeDenied(CrossAccountScenario s) {
        return "AccessDenied: User: " + s.appUser().orElseThrow().arn() + " is not authorized to perform: "
                + "sts:AssumeRole on resource: " + s.roleArn();
    }

    private static final String KMS_DENIED = "AccessDeniedException: Access to KMS is not allowed";

    /** What AWS answers the app for each breakage; sources in the testkit README, "Breakages". */
    private static String expected(Breakage breakage, CrossAccountScenario s) {
        return switch (breakage) {
            case NO_RESOURCE_POLICY_STATEMENT,
                    ROLE_RECREATED,
                    STALE_SUFFIX,
                    PARTIAL_ARN_NAME_LIKE_SUFFIX,
                    WRONG_REGION,
                    WRONG_ACCOUNT,
                    VERSION_STAGE_RESOURCE_POLICY -> noResourcePolicy(s);
            case RESOURCE_POLICY_NAMES_ACCOUNT_WITHOUT_IDENTITY_GRANT,
                    NO_IDENTITY_GRANT_FOR_SECRET,
                    IDENTITY_RESOURCE_WITHOUT_SUFFIX -> noIdentityPolicy(s);
            case NO_KEY_POLICY_STATEMENT,
                    NO_IDENTITY_GRANT_FOR_KEY,
                    EXPLICIT_DENY_IN_KEY_POLICY,
                    PERMISSIONS_BOUNDARY_WITHOUT_KMS_DECRYPT -> KMS_DENIED;
            case KEY_POLICY_VIA_SERVICE_ONLY -> "OK: " + VALUE;
            case AWS_MANAGED_KEY ->
                "InvalidRequestException: You can't access a secret from a different AWS account "
                        + "if you encrypt the secret with the default KMS service key.";
            case KEY_DISABLED ->
                "DecryptionFailure: Secrets Manager can't decrypt the secret value: " + s.keyArn()
                        + " is disabled. (Service: AWSKMS; Status Code: 400; Error Code: DisabledException;";
            case KEY_PENDING_DELETION ->
                "DecryptionFailure: Secrets Manager can't decrypt the secret value: "
                        + s.keyArn() + " is pending deletion. (Service: AWSKMS; Status Code: 400; Error Code: "
                        + "KMSInvalidStateException;";
            case SECRET_DELETED ->
                "InvalidRequestException: You can't perform this operation on the secret because "
                        + "it was marked for deletion.";
            case EXPLICIT_DENY_IN_RESOURCE_POLICY -> denied(s, "with an explicit deny in a resource-based policy");
            case EXPLICIT_DENY_IN_IDENTITY_POLICY -> denied(s, "with an explicit deny in an identity-based policy");
            case EXPLICIT_DENY_IN_PERMISSIONS_BOUNDARY -> denied(s, "with an explicit deny in a permissions boundary");
            case EXPLICIT_DENY_IN_SESSION_POLICY -> denied(s, "with an explicit deny in a session policy");
            case SCP_DENY -> denied(s, "with an explicit deny in a service control policy");
            case RCP_DENY -> denied(s, "with an explicit deny in a resource control policy");
            case SESSION_POLICY_WITHOUT_SECRET ->
                denied(s, "because no session policy allows the secretsmanager:GetSecretValue action");
            case EXPLICIT_DENY_IN_TRUST_POLICY, TRUST_POLICY_WITHOUT_CALLER, TRUST_POLICY_REQUIRES_EXTERNAL_ID ->
                assumeDenied(s);
        };
    }

    @Test
    void workingSetup_theAppReadsTheSecret() {
        assertThat(AppReader.read(sdk, working, null)).isEqualTo("OK: " + VALUE);
        assertThat(working.secretId()).isEqualTo(working.secretArn());
        assertThat(working.restrictions()).isEmpty();
        assertThat(working.breakages()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Breakage.class)
    void eachBreakage_failsTheReadAsAwsDoes(Breakage breakage) {
        CrossAccountScenario scenario = BROKEN.get(breakage);

        assertThat(AppReader.read(sdk, scenario, null)).startsWith(expected(breakage, scenario));
        assertThat(scenario.lostRestrictions()).isEmpty();
    }

    @Test
    void versionStageLimitedResourcePolicy_allowsAReadThatNamesAwsCurrent() {
        CrossAccountScenario scenario = BROKEN.get(Breakage.VERSION_STAGE_RESOURCE_POLICY);

        assertThat(AppReader.read(sdk, scenario, "AWSCURRENT")).isEqualTo("OK: " + VALUE);
        assertThat(AppReader.read(sdk, scenario, "AWSPREVIOUS")).startsWith("AccessDeniedException");
    }

    @Test
    void viaServiceOnlyKeyPolicy_deniesADirectDecryptProbe() {
        CrossAccountScenario scenario = BROKEN.get(Breakage.KEY_POLICY_VIA_SERVICE_ONLY);
        var kms = sdk.kms(AppReader.appSession(sdk, scenario));

        assertThatThrownBy(() -> kms.describeKey(r -> r.keyId(scenario.keyArn())))
                .hasMessageContaining("because no resource-based policy allows the kms:DescribeKey action");
    }

    @Test
    void restrictions_areListed_andALostOneIsReported() {
        CrossAccountScenario scenario = CrossAccountScenario.builder()
                .seed(1)
                .externalId("ext-123")
                .organization("o-a1b2c3d4e5")
                .breakages(Breakage.KEY_POLICY_VIA_SERVICE_ONLY, Breakage.VERSION_STAGE_RESOURCE_POLICY)
                .build();
        assertThat(scenario.restrictions())
                .extracting(Restriction::kind)
                .containsExactly(
                        Restriction.Kind.KEY_POLICY_VIA_SERVICE_ONLY, Restriction.Kind.VERSION_STAGE,
                        Restriction.Kind.EXTERNAL_ID, Restriction.Kind.ORGANIZATION);
        assertThat(scenario.lostRestrictions()).isEmpty();

        // A fix that grants what was asked but bypasses the conditions the owners set loses the restrictions.
        scenario.key().mergeKeyPolicyStatement(Policies.statement("Allow", scenario.roleArn(), "*", "kms:Decrypt"));
        scenario.secret()
                .mergeResourcePolicyStatement(
                        Policies.statement("Allow", scenario.roleArn(), "*", "secretsmanager:GetSecretValue"));
        scenario.role()
                .orElseThrow()
                .mergeTrustPolicyStatement("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                        + scenario.appUser().orElseThrow().arn() + "\"},\"Action\":\"sts:AssumeRole\"}");

        assertThat(scenario.lostRestrictions())
                .extracting(Restriction::kind)
                .containsExactly(
                        Restriction.Kind.KEY_POLICY_VIA_SERVICE_ONLY, Restriction.Kind.VERSION_STAGE,
                        Restriction.Kind.EXTERNAL_ID, Restriction.Kind.ORGANIZATION);
    }

    @Test
    void anyTwoBreakages_combine() {
        List<String> failures = new ArrayList<>();
        Breakage[] all = Breakage.values();
        for (int i = 0; i < all.length; i++) {
            for (int j = i + 1; j < all.length; j++) {
                try {
                    CrossAccountScenario scenario = CrossAccountScenario.builder()
                            .seed(3)
                            .breakages(all[i], all[j])
                            .build();
                    assertThat(scenario.breakages()).containsExactlyInAnyOrder(all[i], all[j]);
                    assertThat(scenario.lostRestrictions()).isEmpty();
                } catch (RuntimeException | AssertionError e) {
                    failures.add(all[i] + " + " + all[j] + ": " + e.getMessage());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void sameSeed_sameIdentifiers_andTheSecretAndKeyDoNotDependOnTheBreakages() {
        CrossAccountScenario a = CrossAccountScenario.create(5);
        CrossAccountScenario b = CrossAccountScenario.create(5);
        CrossAccountScenario broken = CrossAccountScenario.builder()
                .seed(5)
                .breakages(Breakage.SCP_DENY, Breakage.STALE_SUFFIX)
                .build();

        assertThat(b.secretArn()).isEqualTo(a.secretArn());
        assertThat(b.keyArn()).isEqualTo(a.keyArn());
        assertThat(b.appCredentials()).isEqualTo(a.appCredentials());
        assertThat(broken.keyArn()).isEqualTo(a.keyArn());
        assertThat(broken.secretId()).isEqualTo(a.secretArn());
        assertThat(broken.secretArn()).isNotEqualTo(a.secretArn());
        assertThat(CrossAccountScenario.create(6).secretArn()).isNotEqualTo(a.secretArn());
    }

    @Test
    void handles_giveEveryPart() {
        CrossAccountScenario s = CrossAccountScenario.builder()
                .seed(9)
                .role("/service/", "ApplicationRole")
                .build();

        assertThat(s.roleArn()).isEqualTo("arn:aws:iam::222222222222:role/service/ApplicationRole");
        assertThat(s.callerArn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/ApplicationRole/app");
        assertThat(s.secret("app/db")).isSameAs(s.secret());
        assertThat(s.resourcePolicy().orElseThrow()).contains(s.roleArn());
        assertThat(s.keyPolicy()).contains(s.roleArn());
        assertThat(s.identityPolicy().orElseThrow()).contains(s.secretArn()).contains(s.keyArn());
        assertThat(s.trustPolicy().orElseThrow())
                .contains(s.appUser().orElseThrow().arn());
        assertThat(s.identityPolicyName()).isEqualTo("read-app-db");
        assertThatThrownBy(() -> s.secret("nope")).hasMessageContaining("no secret named nope");
    }

    @Test
    void appRunningAsTheRole_readsWithItsSessionCredentials() {
        CrossAccountScenario s = CrossAccountScenario.builder()
                .world(AWS.world())
                .ownerAccount("100000000099")
                .appAccount("200000000099")
                .appIdentity(AppIdentity.ROLE_SESSION)
                .breakages(Breakage.SESSION_POLICY_WITHOUT_SECRET)
                .build();

        assertThat(s.appCredentials().sessionToken()).isNotNull();
        assertThat(s.appUser()).isEmpty();
        assertThat(AppReader.read(sdk, s, null))
                .isEqualTo(denied(s, "because no session policy allows the secretsmanager:GetSecretValue action"));
    }

    @Test
    void appRunningAsAUser_isGrantedDirectly() {
        CrossAccountScenario s = CrossAccountScenario.builder()
                .world(AWS.world())
                .ownerAccount("100000000098")
                .appAccount("200000000098")
                .appIdentity(AppIdentity.USER)
                .build();

        assertThat(s.role()).isEmpty();
        assertThat(s.appPrincipalArn()).isEqualTo("arn:aws:iam::200000000098:user/app");
        assertThat(AppReader.read(sdk, s, null)).isEqualTo("OK: " + VALUE);
    }

    @Test
    void externalIdOption_theAppSendsIt() {
        CrossAccountScenario s = CrossAccountScenario.builder()
                .world(AWS.world())
                .ownerAccount("100000000097")
                .appAccount("200000000097")
                .externalId("ext-42")
                .build();

        assertThat(s.externalId()).contains("ext-42");
        assertThat(AppReader.read(sdk, s, null)).isEqualTo("OK: " + VALUE);
    }

    @Test
    void breakageThatNeedsARole_isRefusedForAnAppWithout() {
        assertThatThrownBy(() -> CrossAccountScenario.builder()
                        .appIdentity(AppIdentity.ROLE_SESSION)
                        .breakages(Breakage.TRUST_POLICY_WITHOUT_CALLER)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("breakage 'trust policy without caller' needs an app that assumes the role "
                        + "(AppIdentity.USER_ASSUMING_ROLE)");
        assertThatThrownBy(() -> CrossAccountScenario.builder()
                        .appIdentity(AppIdentity.USER)
                        .breakages(Breakage.ROLE_RECREATED)
                        .build())
                .hasMessage("breakage 'role recreated' needs an app that runs as the role");
    }

    @Test
    void breakage_hasAReadableName() {
        assertThat(Breakage.NO_KEY_POLICY_STATEMENT).hasToString("no key policy statement");
        assertThat(Breakage.RCP_DENY.description()).contains("resource control policy");
    }
}
