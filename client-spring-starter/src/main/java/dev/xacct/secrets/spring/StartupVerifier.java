package dev.xacct.secrets.spring;

import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.VerificationException;
import dev.xacct.secrets.VerifyReport;
import dev.xacct.secrets.XacctSecretsClient;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Verifies the configured ({@code xacct.secrets.verify.secrets}) and imported secrets once every singleton exists,
 * before the application takes traffic: who the caller is, then a read of each. A secret that cannot be read fails
 * startup with a {@link VerificationException}, whose failure report names each missing policy and its fix; or, with
 * {@code fail-on-error=false}, the report is logged as a warning.
 */
final class StartupVerifier implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(StartupVerifier.class);

    private final XacctSecretsClient client;
    private final List<String> configured;
    private final List<SecretRef> imported;
    private final boolean failOnError;

    StartupVerifier(XacctSecretsClient client, XacctSecretsProperties.Verify properties, List<SecretRef> imported) {
        this.client = client;
        this.configured = List.copyOf(properties.getSecrets());
        this.imported = imported;
        this.failOnError = properties.isFailOnError();
    }

    @Override
    public void afterSingletonsInstantiated() {
        Set<SecretRef> secrets = new LinkedHashSet<>();
        for (String arn : configured) {
            // A malformed ARN fails here with InvalidSecretRefException, which says what is wrong with it.
            secrets.add(SecretRef.parse(arn));
        }
        secrets.addAll(imported);
        if (secrets.isEmpty()) {
            log.debug("No secrets to verify at startup");
            return;
        }
        VerifyReport report = client.verify(List.copyOf(secrets));
        if (report.callerWarning() != null) {
            log.warn("Startup verification: {}", report.callerWarning());
        }
        if (report.isOk()) {
            log.info("Verified {} secrets at startup [caller={}]", secrets.size(), report.caller());
        } else if (failOnError) {
            throw new VerificationException(report);
        } else {
            log.warn(
                    "{} of {} secrets cannot be read (starting anyway: {}.verify.fail-on-error=false)\n{}",
                    report.failures().size(),
                    secrets.size(),
                    XacctSecretsProperties.CONFIG_PREFIX,
                    report.toText());
        }
    }
}
