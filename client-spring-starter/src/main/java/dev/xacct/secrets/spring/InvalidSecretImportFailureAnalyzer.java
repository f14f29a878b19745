package dev.xacct.secrets.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a {@code spring.config.import=xacct-secrets:...} that cannot be used as written, with the syntax. */
final class InvalidSecretImportFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSecretImportException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSecretImportException cause) {
        String action = "Write the import as one of:\n"
                + "    xacct-secrets:SECRET_ARN                   a JSON secret, its keys as property names\n"
                + "    xacct-secrets:SECRET_ARN?prefix=NAME       a JSON secret, flattened under NAME.\n"
                + "    xacct-secrets:SECRET_ARN?property=NAME     the whole value as the property NAME\n"
                + "where SECRET_ARN is arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX, and prefix the "
                + "import with optional: if the application may start without it.";
        return new FailureAnalysis(cause.getMessage(), action, cause);
    }
}
