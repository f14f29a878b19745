package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.Secret;
import dev.xacct.secrets.testkit.World;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every read has a {@code String} overload, which reads what the parsed reference reads and validates as it does. A
 * text already read is answered by one lookup of the text; these tests show that lookup follows the value: refreshed
 * when due, gone when the value is invalidated, evicted or the client closed.
 */
class StringReadTest {

    private final Fixture fx = new Fixture(World.create());
    /** On an instance field: an emulator per test, as each test changes its own world. */
    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(fx.world);

    private AwsEmulator aws;

    @BeforeEach
    void start() {
        aws = emulator.emulator();
    }

    @Test
    void everyStringOverload_readsTheSecretItsArnNames_withOneCall() {
        String arn = fx.secret.arn();
        try (XacctSecretsClient client = fx.client(aws).build()) {
            assertThat(client.get(arn).field("username")).isEqualTo("app");
            assertThat(client.getString(arn)).isEqualTo(Fixture.VALUE);
            assertThat(client.getBinary(arn)).isEqualTo(Fixture.VALUE.getBytes(StandardCharsets.UTF_8));
            assertThat(client.getJson(arn)).containsEntry("username", "app");
            assertThat(client.getField(arn, "password")).isEqualTo(Fixture.CANARY);
            assertThat(client.getField(fx.ref(), "password")).isEqualTo(Fixture.CANARY);
            assertThat(aws.requestLog().count("GetSecretValue"))
                    .as("the text and the parsed ref share one entry")
                    .isEqualTo(1);

            fx.secret.rotate("{\"password\":\"rotated\"}");
            assertThat(client.refresh(arn).field("password")).isEqualTo("rotated");
            client.invalidate(arn);
            client.get(arn);
            assertThat(aws.requestLog().count("GetSecretValue")).isEqualTo(3);
        }
    }

    @Test
    void anInvalidString_isRefusedOnEveryRead_asParseRefusesIt() {
        try (XacctSecretsClient client = fx.client(aws).build()) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> client.get("arn:aws:secretsmanager:us-east-1:12:secret:x"))
                        .isInstanceOf(InvalidSecretRefException.class);
                assertThatThrownBy(() -> client.getString((String) null)).isInstanceOf(InvalidSecretRefException.class);
                assertThatThrownBy(() -> client.getField(" ", "f")).isInstanceOf(InvalidSecretRefException.class);
            }
            assertThat(aws.requestLog().count("GetSecretValue")).isZero();
        }
    }

    @Test
    void aTextRead_isRefreshedWhenDue_likeAReferenceRead() {
        ManualTicker ticker = new ManualTicker();
        PausableExecutor executor = new PausableExecutor();
        String arn = fx.secret.arn();
        try (XacctSecretsClient client = fx.client(aws)
                .ticker(ticker)
                .executor(executor)
                .refreshAfter(Duration.ofMinutes(10))
                .refreshJitter(0)
                .build()) {
            assertThat(client.getField(arn, "password")).isEqualTo(Fixture.CANARY);
            fx.secret.rotate("{\"password\":\"rotated\"}");
            ticker.advance(Duration.ofMinutes(11));
            executor.pause();

            assertThat(client.getField(arn, "password"))
                    .as("served while the refresh waits")
                    .isEqualTo(Fixture.CANARY);
            assertThat(executor.queuedTasks()).isPositive();
            executor.runQueued();

            assertThat(client.getField(arn, "password")).isEqualTo("rotated");
            assertThat(aws.requestLog().count("GetSecretValue")).isEqualTo(2);
        }
    }

    @Test
    void aTextRead_afterTheValueIsInvalidatedByReference_readsAgain() {
        String arn = fx.secret.arn();
        try (XacctSecretsClient client = fx.client(aws).build()) {
            client.get(arn);
            client.get(arn);
            assertThat(aws.requestLog().count("GetSecretValue")).isEqualTo(1);
            fx.secret.rotate("{\"password\":\"rotated\"}");

            client.invalidate(fx.ref());

            assertThat(client.getField(arn, "password")).isEqualTo("rotated");
            assertThat(aws.requestLog().count("GetSecretValue")).isEqualTo(2);
        }
    }

    @Test
    void aTextRead_afterItsValueIsEvicted_readsItsOwnSecretAgain() {
        Secret other = fx.owner.createSecret("app/other").kmsKey(fx.key).secretString("other");
        other.resourcePolicy(fx.secret.resourcePolicy().orElseThrow());
        String arn = fx.secret.arn();
        try (XacctSecretsClient client = fx.client(aws).maximumSize(1).build()) {
            assertThat(client.getString(arn)).isEqualTo(Fixture.VALUE);
            assertThat(client.getString(other.arn())).isEqualTo("other");

            assertThat(client.getString(arn))
                    .as("evicted by the other: read again, and its own value")
                    .isEqualTo(Fixture.VALUE);
            assertThat(aws.requestLog().count("GetSecretValue")).isEqualTo(3);
        }
    }

    @Test
    void aPartialArnText_isPinnedOnce_andForgottenByInvalidate() {
        String partial = "arn:aws:secretsmanager:us-east-1:" + Fixture.OWNER + ":secret:" + fx.secret.name();
        try (XacctSecretsClient client = fx.client(aws).build()) {
            assertThat(client.getString(partial)).isEqualTo(Fixture.VALUE);
            assertThat(client.getString(partial)).isEqualTo(Fixture.VALUE);
            assertThat(client.getString(fx.secret.arn())).isEqualTo(Fixture.VALUE);
            assertThat(aws.requestLog().count("GetSecretValue"))
                    .as("the partial ARN shares the full ARN's entry")
                    .isEqualTo(1);

            client.invalidate(partial);
            client.getString(partial);
            assertThat(aws.requestLog().count("GetSecretValue")).isEqualTo(2);
        }
    }

    @Test
    void aTextRead_afterClose_isRefused() {
        String arn = fx.secret.arn();
        XacctSecretsClient client = fx.client(aws).build();
        client.get(arn);
        client.close();
        assertThatThrownBy(() -> client.get(arn)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> client.getString(arn)).isInstanceOf(IllegalStateException.class);
    }
}
