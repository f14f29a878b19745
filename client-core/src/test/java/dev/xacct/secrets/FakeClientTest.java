package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xacct.secrets.micrometer.XacctSecretsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link XacctSecretsClient} is an interface an application can implement for its own tests: the typed reads come
 * from {@code get}, and metrics refuse a client they cannot measure.
 */
class FakeClientTest {

    private static final String ARN = "arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbC123";

    /** A fake with one JSON secret, as an application's unit test would write it. */
    private static final class Fake implements XacctSecretsClient {

        @Override
        public XacctSecretsClientBuilder toBuilder() {
            return XacctSecretsClient.builder();
        }

        @Override
        public SecretValue get(SecretRef ref) {
            return SecretValue.ofString(ARN, "{\"password\":\"fake\"}");
        }

        @Override
        public SecretValue get(String ref) {
            return get(SecretRef.parse(ref));
        }

        @Override
        public SecretValue refresh(SecretRef ref) {
            return get(ref);
        }

        @Override
        public SecretValue refresh(String ref) {
            return get(ref);
        }

        @Override
        public void invalidate(SecretRef ref) {}

        @Override
        public void invalidate(String ref) {}

        @Override
        public Map<SecretRef, Diagnosis> preload(Collection<SecretRef> refs) {
            return Map.of();
        }

        @Override
        public VerifyReport verify(Collection<SecretRef> refs) {
            return new VerifyReport(null, null, java.util.List.of());
        }

        @Override
        public void close() {}
    }

    @Test
    void aFake_getsEveryTypedReadFromGet() {
        try (XacctSecretsClient fake = new Fake()) {
            assertThat(fake.getField(ARN, "password")).isEqualTo("fake");
            assertThat(fake.getField(SecretRef.parse(ARN), "password")).isEqualTo("fake");
            assertThat(fake.getJson(ARN)).containsEntry("password", "fake");
            assertThat(fake.getString(ARN)).contains("fake");
            assertThat(fake.getBinary(ARN)).isNotEmpty();
        }
    }

    @Test
    void metrics_refuseAClientTheBuilderDidNotMake() {
        assertThatThrownBy(() -> XacctSecretsMetrics.monitor(new SimpleMeterRegistry(), new Fake(), "fake"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("builder");
    }
}
