package dev.xacct.secrets.readme;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.VerificationException;
import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.micrometer.XacctSecretsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.logging.Logger;

/**
 * The Java examples of the project's README.md and client-core/README.md, as written there (only the surrounding
 * method and the logger are added). Never run: it is compiled with the tests, so an API change that breaks an example
 * breaks the build until the README is mended too.
 */
@SuppressWarnings("unused")
final class ReadmeExamples {

    private static final Logger log = Logger.getLogger(ReadmeExamples.class.getName());

    private ReadmeExamples() {}

    static void quickStart() {
        SecretRef db = SecretRef.parse("arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbC123");
        try (XacctSecretsClient secrets = XacctSecretsClient.builder()
                .roleArn("arn:aws:iam::222222222222:role/ApplicationRole")
                .build()) {
            secrets.verify(List.of(db)).requireOk();
            String password = secrets.getField(db, "password");
        } catch (VerificationException e) {
            log.severe(e.getMessage());
            log.severe(e.report().toText());
        } catch (SecretAccessException e) {
            Diagnosis d = e.diagnosis();
        }
    }

    static void coreQuickStart() {
        try (XacctSecretsClient secrets = XacctSecretsClient.builder()
                .roleArn("arn:aws:iam::222222222222:role/ApplicationRole")
                .build()) {
            SecretRef db = SecretRef.parse("arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbC123");
            secrets.verify(List.of(db)).requireOk();
            String password = secrets.getField(db, "password");
        }
    }

    static void metrics(MeterRegistry registry, XacctSecretsClient client) {
        XacctSecretsClient secrets = XacctSecretsMetrics.monitor(registry, XacctSecretsClient.create(), "orders");
        new XacctSecretsMetrics(client, "orders", Tags.of("team", "payments"))
                .withSecretNameTag()
                .bindTo(registry);
    }
}
