package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.World;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every read has a {@code String} overload, which reads what the parsed reference reads and validates as it does. */
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
            assertThat(aws.requestLog().count("GetSecretValue")).as("the text and the parsed ref share one entry")
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
}
