package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.Policies;
import dev.xacct.secrets.testkit.World;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The role: assumed through STS with its external id and session name, and renewed before it expires. */
class CredentialsTest {

    private final Fixture fx = new Fixture(World.create());
    /** On an instance field: an emulator per test, as each test changes its own world. */
    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(fx.world);

    @Test
    void roleSession_withTheWidestRenewalWindowAllowed_isNotRenewedOnEveryCall(AwsEmulator aws) {
        // A 14-minute window, the widest under the 15-minute session: renewal is due 1 to 6.5 minutes from now (the
        // SDK picks at random between the window's start and a minute before its last half), so not during this
        // test. A window as long as the session, which renewed on every call, is refused by build().
        try (XacctSecretsClient client = fx.client(aws)
                .sessionDuration(Duration.ofMinutes(15))
                .sessionRefreshBefore(Duration.ofMinutes(14))
                .build()) {
            assertThat(client.getField(fx.ref(), "username")).isEqualTo("app");
            for (int i = 0; i < 5; i++) {
                assertThat(client.refresh(fx.ref()).field("username")).isEqualTo("app");
            }

            assertThat(aws.requestLog().count("AssumeRole")).isEqualTo(1);
        }
    }

    @Test
    void roleSession_farFromItsEnd_isNotRenewed(AwsEmulator aws) {
        try (XacctSecretsClient client = fx.client(aws).build()) {
            client.get(fx.ref());
            client.refresh(fx.ref());
            client.refresh(fx.ref());

            assertThat(aws.requestLog().count("AssumeRole")).isEqualTo(1);
        }
    }

    @Test
    void externalIdAndSessionName_areSentToSts(AwsEmulator aws) {
        fx.role.trustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + fx.deployer.arn() + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
                + "{\"sts:ExternalId\":\"ext-123\"}}}]}");
        try (XacctSecretsClient client = fx.client(aws)
                        .externalId("ext-123")
                        .sessionName("billing-app")
                        .build();
                XacctSecretsClient withoutId = fx.client(aws).build()) {
            assertThat(client.verify(java.util.List.of(fx.ref())).caller())
                    .isEqualTo("arn:aws:sts::222222222222:assumed-role/ApplicationRole/billing-app");
            assertThat(withoutId
                            .verify(java.util.List.of(fx.ref()))
                            .results()
                            .get(0)
                            .diagnosis()
                            .code())
                    .isEqualTo(DiagnosisCode.ASSUME_ROLE_DENIED);
        }
    }

    @Test
    void withoutARole_theBaseCredentialsRead(AwsEmulator aws) {
        fx.deployer.putPolicy("direct", Policies.allow("*", "secretsmanager:GetSecretValue", "kms:Decrypt"));
        fx.secret.resourcePolicy(Policies.allowPrincipal(fx.deployer.arn(), "secretsmanager:GetSecretValue"));
        fx.key.allow(fx.deployer.arn(), "kms:Decrypt");
        try (XacctSecretsClient client = fx.clientAs(aws, fx.deployerKey).build()) {
            assertThat(client.getField(fx.ref(), "username")).isEqualTo("app");
            assertThat(aws.requestLog().count("AssumeRole")).isZero();
        }
    }

    @Test
    void sessionRefreshBefore_notShorterThanTheSession_isRefusedByBuild() {
        assertThatThrownBy(() -> XacctSecretsClient.builder()
                        .region("us-east-1")
                        .sessionDuration(Duration.ofMinutes(15))
                        .sessionRefreshBefore(Duration.ofMinutes(15))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessionRefreshBefore (PT15M) must be shorter than sessionDuration (PT15M)");
    }
}
