package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.xacct.secrets.micrometer.XacctSecretsMetrics;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.Fault;
import dev.xacct.secrets.testkit.World;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The canary: a secret value that must appear in no log line, exception message, {@code toString()}, metric (name or
 * tag), listener call or report, whatever the client goes through — success, refresh failures, denials, bad JSON.
 */
class NoSecretLeaksTest {

    private final Fixture fx = new Fixture(World.create());
    /** On an instance field: an emulator per test, as the test changes its own world. */
    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(fx.world);

    @Test
    void theCanaryValue_appearsNowhere(AwsEmulator aws) throws Exception {
        ManualTicker ticker = new ManualTicker();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<String> seen = new CopyOnWriteArrayList<>();
        dev.xacct.secrets.testkit.Secret notJson = fx.owner
                .createSecret("app/not-json")
                .kmsKey(fx.key)
                .secretString("plain " + Fixture.CANARY)
                .resourcePolicy(fx.secret.resourcePolicy().orElseThrow());
        try (XacctSecretsClient client = fx.client(aws)
                .ticker(ticker)
                .addListener(new XacctSecretsListener() {
                    @Override
                    public void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {
                        seen.add(secret + " " + code + " " + duration);
                    }

                    @Override
                    public void refreshFailed(SecretRef secret, Diagnosis diagnosis) {
                        seen.add(secret + " " + diagnosis.toText());
                    }
                })
                .build()) {
            new XacctSecretsMetrics(client, "leaks", Tags.empty())
                    .withSecretNameTag()
                    .bindTo(registry);
            SecretValue value = client.get(fx.ref());
            seen.add(value.toString());
            seen.add(client.get(fx.ref().withVersionStage("AWSCURRENT")).toString());
            seen.add(client.toString());
            seen.add(client.verify(List.of(fx.ref(), SecretRef.parse(notJson.arn())))
                    .toText());
            seen.add(client.verify(List.of(fx.ref())).toJson());
            seen.add(String.valueOf(catchThrowable(() -> client.getJson(SecretRef.parse(notJson.arn())))));
            seen.add(String.valueOf(catchThrowable(() -> client.getField(fx.ref(), "nope"))));

            aws.faults().inject("GetSecretValue", Fault.throttling());
            ticker.advance(Duration.ofHours(2));
            seen.add(client.get(fx.ref()).toString());
            aws.faults().clear();

            fx.secret.resourcePolicy(null);
            Throwable denied = catchThrowable(() -> client.refresh(fx.ref()));
            seen.add(String.valueOf(denied));
            seen.add(((SecretAccessException) denied).diagnosis().toText());
            seen.add(((SecretAccessException) denied).diagnosis().toString());

            for (Meter meter : registry.getMeters()) {
                seen.add(meter.getId().toString());
            }
        }

        List<String> leaks = new ArrayList<>();
        for (String text : seen) {
            if (text.contains(Fixture.CANARY)) {
                leaks.add(text);
            }
        }
        assertThat(leaks).as("texts that contain the secret value").isEmpty();
        assertThat(seen).as("the canary looked at real output").hasSizeGreaterThan(10);

        Path log = Path.of(System.getProperty("xacct.test.log", "target/test-run.log"));
        assertThat(log).exists();
        String logged = Files.readString(log);
        assertThat(logged).as("the log of the test run has lines").isNotEmpty();
        assertThat(logged).as("the log of the test run").doesNotContain(Fixture.CANARY);
    }
}
