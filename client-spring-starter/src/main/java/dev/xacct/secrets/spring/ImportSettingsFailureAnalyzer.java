package dev.xacct.secrets.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a setting the imports cannot see: which one, and where to put it. */
class ImportSettingsFailureAnalyzer extends AbstractFailureAnalyzer<ImportSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ImportSettingsException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Move the setting to " + ImportSettingsException.WHERE
                        + "; these are read before the secrets are imported.",
                cause);
    }
}
