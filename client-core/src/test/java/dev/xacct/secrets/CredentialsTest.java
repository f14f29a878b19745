package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.MutableClock;
import dev.xacct.secrets.testkit.Policies;
import dev.xacct.secrets.testkit.World;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The role: assumed through STS with its external id and session name, and renewed before it expires. */
class CredentialsTest {

    @Test
    void roleSession_isRenewedInTheBackgroundBeforeItEnds() throws Exception {
        // Sessions issued by a clock 4 minutes behind end 11 minutes from now. With a 21-minute renewal window the
        // renewal is due at once (the SDK spreads it at random between the window's start and a minute before the
        // last half, 10.5 minutes, which is already past), while the credentials are not yet stale: the renewal
        // happens in the background, and no read waits for it.
        MutableClock clock = MutableClock.at(Instant.now().minus(Duration.ofMinutes(4)));
        Fixture fx = new Fixture(World.create(clock));
        CountDownLatch assumed = new CountDownLatch(2);
        try (AwsEmulator aws = AwsEmulator.start(fx.world);
                XacctSecretsClient client = fx.client(aws)
                        .sessionDuration(Duration.ofMinutes(15))
                        .sessionRefreshBefore(Duration.ofMinutes(21))
                        .listener(new XacctSecretsListener() {
                            @Override
                            public void roleAssumed(String roleArn, DiagnosisCode code, Duration duration) {
                                assumed.countDown();
                            }
                        })
                        .build()) {
            assertThat(client.getField(fx.ref(), "username")).isEqualTo("app");
            assertThat(client.refresh(fx.ref()).field("username")).isEqualTo("app");

            assertThat(assumed.await(10, TimeUnit.SECONDS)).as("a second AssumeRole, in the background").isTrue();
            assertThat(client.refresh(fx.ref()).field("username")).isEqualTo("app");
        }
    }

    @Test
    void roleSession_farFromItsEnd_isNotRenewed() {
        Fixture fx = new Fixture(World.create());
        try (AwsEmulator aws = AwsEmulator.start(fx.world); XacctSecretsClient client = fx.client(aws).build()) {
            client.get(fx.ref());
            client.refresh(fx.ref());
            client.refresh(fx.ref());

            assertThat(aws.requestLog().count("AssumeRole")).isEqualTo(1);
        }
    }

    @Test
    void externalIdAndSessionName_areSentToSts() {
        Fixture fx = new Fixture(World.create());
        fx.role.trustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + fx.deployer.arn() + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
                + "{\"sts:ExternalId\":\"ext-123\"}}}]}");
        try (AwsEmulator aws = AwsEmulator.start(fx.world);
                XacctSecretsClient client = fx.client(aws).externalId("ext-123").sessionName("billing-app").build();
                XacctSecretsClient withoutId = fx.client(aws).build()) {
            assertThat(client.verify(java.util.List.of(fx.ref())).caller())
                    .isEqualTo("arn:aws:sts::222222222222:assumed-role/ApplicationRole/billing-app");
            assertThat(withoutId.verify(java.util.List.of(fx.ref())).results().get(0).diagnosis().code())
                    .isEqualTo(DiagnosisCode.ASSUME_ROLE_DENIED);
        }
    }

    @Test
    void withoutARole_theBaseCredentialsRead() {
        Fixture fx = new Fixture(World.create());
        fx.deployer.putPolicy("direct", Policies.allow("*", "secretsmanager:GetSecretValue", "kms:Decrypt"));
        fx.secret.resourcePolicy(Policies.allowPrincipal(fx.deployer.arn(), "secretsmanager:GetSecretValue"));
        fx.key.allow(fx.deployer.arn(), "kms:Decrypt");
        try (AwsEmulator aws = AwsEmulator.start(fx.world);
                XacctSecretsClient client = fx.clientAs(aws, fx.deployerKey).build()) {
            assertThat(client.getField(fx.ref(), "username")).isEqualTo("app");
            assertThat(aws.requestLog().count("AssumeRole")).isZero();
        }
    }
}
