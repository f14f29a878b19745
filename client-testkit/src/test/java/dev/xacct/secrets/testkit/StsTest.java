package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** STS AssumeRole and GetCallerIdentity through the SDK, including {@code StsAssumeRoleCredentialsProvider}. */
class StsTest {

    private final MutableClock clock = MutableClock.now();
    private CrossAccountFixture fx;

    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(() -> {
        fx = new CrossAccountFixture(World.create(clock));
        return fx.world;
    });

    private AwsEmulator aws;
    private Sdk sdk;

    @BeforeEach
    void start() {
        aws = emulator.emulator();
        sdk = new Sdk(aws);
    }

    @AfterEach
    void stop() throws Exception {
        sdk.close();
    }

    @Test
    void getCallerIdentity_ofAUser() {
        GetCallerIdentityResponse identity = sdk.sts(fx.deployerKey).getCallerIdentity();

        assertThat(identity.arn()).isEqualTo("arn:aws:iam::222222222222:user/deployer");
        assertThat(identity.account()).isEqualTo("222222222222");
        assertThat(identity.userId()).isEqualTo(fx.deployer.uniqueId()).startsWith("AIDA");
    }

    @Test
    void assumeRole_returnsSessionCredentialsThatIdentifyTheSession() {
        AssumeRoleResponse response = sdk.sts(fx.deployerKey)
                .assumeRole(
                        r -> r.roleArn(fx.role.arn()).roleSessionName("app-1").durationSeconds(1800));

        assertThat(response.credentials().accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(response.credentials().sessionToken()).isNotBlank();
        assertThat(response.credentials().expiration())
                .isEqualTo(clock.instant().plusSeconds(1800).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(response.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/ApplicationRole/app-1");
        assertThat(response.assumedRoleUser().assumedRoleId()).isEqualTo(fx.role.uniqueId() + ":app-1");

        AccessKey session = new AccessKey(
                response.credentials().accessKeyId(),
                response.credentials().secretAccessKey(),
                response.credentials().sessionToken());
        GetCallerIdentityResponse identity = sdk.sts(session).getCallerIdentity();
        assertThat(identity.arn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/ApplicationRole/app-1");
        assertThat(identity.userId()).startsWith("AROA").endsWith(":app-1");
    }

    @Test
    void stsAssumeRoleCredentialsProvider_readsTheSecretAsTheRole() {
        StsClient base = sdk.sts(fx.deployerKey);
        try (StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(base)
                .refreshRequest(r -> r.roleArn(fx.role.arn()).roleSessionName("provider"))
                .build()) {
            AwsSessionCredentials credentials = (AwsSessionCredentials) provider.resolveCredentials();
            assertThat(credentials.accessKeyId()).startsWith("ASIA");

            String value = sdk.secretsManager(provider, World.DEFAULT_REGION)
                    .getSecretValue(r -> r.secretId(fx.secret.arn()))
                    .secretString();

            assertThat(value).isEqualTo(CrossAccountFixture.VALUE);
            assertThat(aws.requestLog()
                            .count(r -> r.operation().equals("GetSecretValue")
                                    && "arn:aws:sts::222222222222:assumed-role/ApplicationRole/provider"
                                            .equals(r.principalArn())))
                    .isEqualTo(1);
        }
    }

    @Test
    void trustPolicyThatDoesNotNameTheCaller_accessDenied403WithoutReasonClause() {
        IamUser stranger = fx.app.createUser("stranger");
        stranger.putPolicy("assume", Policies.allow("*", "sts:AssumeRole"));

        assertAwsError(
                () -> sdk.sts(stranger.createAccessKey())
                        .assumeRole(r -> r.roleArn(fx.role.arn()).roleSessionName("s1")),
                403,
                "AccessDenied",
                "User: " + stranger.arn() + " is not authorized to perform: sts:AssumeRole on " + "resource: "
                        + fx.role.arn());
    }

    @Test
    void callerWithoutStsAssumeRole_isDeniedAlthoughTheTrustPolicyDelegatesToItsAccount() {
        fx.role.trustPolicy(Policies.trust(fx.app.rootArn()));
        fx.deployer.deletePolicy("assume-" + fx.role.name());

        assertAwsError(
                () -> sdk.sts(fx.deployerKey)
                        .assumeRole(r -> r.roleArn(fx.role.arn()).roleSessionName("s1")),
                403,
                "AccessDenied",
                "User: " + fx.deployer.arn() + " is not authorized to perform: sts:AssumeRole " + "on resource: "
                        + fx.role.arn());
    }

    @Test
    void crossAccountAssumeRole_needsTrustAndIdentityPolicy() {
        IamUser outsider = fx.owner.createUser("outsider");
        AccessKey key = outsider.createAccessKey();
        fx.role.trustPolicy(Policies.trust(outsider.arn()));

        assertAwsError(
                () -> sdk.sts(key).assumeRole(r -> r.roleArn(fx.role.arn()).roleSessionName("s1")),
                403,
                "AccessDenied",
                "User: " + outsider.arn() + " is not authorized to perform: sts:AssumeRole " + "on resource: "
                        + fx.role.arn());

        outsider.putPolicy("assume", Policies.allow(fx.role.arn(), "sts:AssumeRole"));
        assertThat(sdk.sts(key)
                        .assumeRole(r -> r.roleArn(fx.role.arn()).roleSessionName("s1"))
                        .assumedRoleUser()
                        .arn())
                .endsWith("assumed-role/ApplicationRole/s1");
    }

    @Test
    void externalIdCondition_requiresTheRightExternalId() {
        fx.role.trustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + fx.deployer.arn() + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
                + "{\"sts:ExternalId\":\"ext-123\"}}}]}");
        StsClient sts = sdk.sts(fx.deployerKey);
        String message = "User: " + fx.deployer.arn() + " is not authorized to perform: sts:AssumeRole on resource: "
                + fx.role.arn();

        assertAwsError(
                () -> sts.assumeRole(r -> r.roleArn(fx.role.arn()).roleSessionName("s1")),
                403,
                "AccessDenied",
                message);
        assertAwsError(
                () -> sts.assumeRole(
                        r -> r.roleArn(fx.role.arn()).roleSessionName("s1").externalId("wrong")),
                403,
                "AccessDenied",
                message);
        assertThat(sts.assumeRole(r ->
                                r.roleArn(fx.role.arn()).roleSessionName("s1").externalId("ext-123"))
                        .credentials())
                .isNotNull();
    }

    @Test
    void roleThatDoesNotExist_isDeniedLikeAnyOther() {
        String missing = "arn:aws:iam::222222222222:role/Missing";
        fx.deployer.putPolicy("assume", Policies.allow("*", "sts:AssumeRole"));

        assertAwsError(
                () -> sdk.sts(fx.deployerKey).assumeRole(r -> r.roleArn(missing).roleSessionName("s1")),
                403,
                "AccessDenied",
                "User: " + fx.deployer.arn() + " is not authorized to perform: sts:AssumeRole " + "on resource: "
                        + missing);
    }

    @Test
    void durationLongerThanTheRoleAllows_validationError() {
        assertAwsError(
                () -> sdk.sts(fx.deployerKey)
                        .assumeRole(r ->
                                r.roleArn(fx.role.arn()).roleSessionName("s1").durationSeconds(7200)),
                400,
                "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this " + "role.");

        fx.role.maxSessionDuration(Duration.ofHours(2));
        assertThat(sdk.sts(fx.deployerKey)
                        .assumeRole(r ->
                                r.roleArn(fx.role.arn()).roleSessionName("s1").durationSeconds(7200))
                        .credentials()
                        .expiration())
                .isAfter(clock.instant().plusSeconds(7100));
    }

    @Test
    void durationUnderFifteenMinutes_validationError() {
        assertAwsError(
                () -> sdk.sts(fx.deployerKey)
                        .assumeRole(r ->
                                r.roleArn(fx.role.arn()).roleSessionName("s1").durationSeconds(600)),
                400,
                "ValidationError",
                "1 validation error detected: Value '600' at 'durationSeconds' failed to "
                        + "satisfy constraint: Member must have value greater than or equal to 900");
    }

    @Test
    void malformedSessionPolicy_malformedPolicyDocument() {
        AwsServiceException error = catchThrowableOfType(
                AwsServiceException.class,
                () -> sdk.sts(fx.deployerKey)
                        .assumeRole(r ->
                                r.roleArn(fx.role.arn()).roleSessionName("s1").policy("{not json")));

        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
        assertThat(error.awsErrorDetails().errorMessage()).startsWith("The policy is not in the valid JSON format.");
    }

    @Test
    void sessionCredentials_workUntilTheyExpire() {
        AccessKey session = sdk.assumeRole(
                fx.deployerKey,
                AssumeRoleRequest.builder()
                        .roleArn(fx.role.arn())
                        .roleSessionName(CrossAccountFixture.SESSION)
                        .durationSeconds(900)
                        .build());
        clock.advance(Duration.ofMinutes(4));
        assertThat(sdk.sts(session).getCallerIdentity().arn()).isEqualTo(fx.sessionArn());

        clock.advance(Duration.ofMinutes(12));
        assertAwsError(
                () -> sdk.sts(session).getCallerIdentity(),
                403,
                "ExpiredToken",
                "The security token included in the request is expired");
    }
}
