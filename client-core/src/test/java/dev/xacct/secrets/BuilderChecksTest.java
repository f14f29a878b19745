package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.World;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** Settings that contradict each other are refused by build(), naming both; a given HTTP client carries the calls. */
class BuilderChecksTest {

    private final Fixture fx = new Fixture(World.create());
    /** On an instance field: an emulator per test, each with its own world. */
    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(fx.world);

    @Test
    void aFailureBackoffLongerThanMaxBackoff_isRefused_namingBoth() {
        assertThatThrownBy(() -> XacctSecretsClient.builder()
                        .region("us-east-1")
                        .failureBackoff(Duration.ofMinutes(10))
                        .maxBackoff(Duration.ofMinutes(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failureBackoff")
                .hasMessageContaining("maxBackoff");
    }

    @Test
    void anExternalIdWithoutARole_isRefused_namingBoth() {
        assertThatThrownBy(() -> XacctSecretsClient.builder()
                        .region("us-east-1")
                        .externalId("ext-1")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("externalId")
                .hasMessageContaining("roleArn");
    }

    @Test
    void aRefreshAfterLongerThanMaxStaleness_isRefused_namingBoth() {
        assertThatThrownBy(() -> XacctSecretsClient.builder()
                        .region("us-east-1")
                        .refreshAfter(Duration.ofHours(2))
                        .maxStaleness(Duration.ofHours(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refreshAfter")
                .hasMessageContaining("maxStaleness");
    }

    @Test
    void aGivenHttpClient_carriesTheCalls_andStaysOpenAfterClose(AwsEmulator aws) {
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        SdkHttpClient real = UrlConnectionHttpClient.create();
        SdkHttpClient counting = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                requests.incrementAndGet();
                return real.prepareRequest(request);
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
        try {
            try (XacctSecretsClient client = fx.client(aws).httpClient(counting).build()) {
                assertThat(client.getField(fx.ref(), "username")).isEqualTo("app");
            }
            assertThat(requests).as("AssumeRole and GetSecretValue").hasValue(2);
            assertThat(closed).hasValue(0);
        } finally {
            real.close();
        }
    }
}
