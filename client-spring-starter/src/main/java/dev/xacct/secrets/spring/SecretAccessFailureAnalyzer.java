package dev.xacct.secrets.spring;

import dev.xacct.secrets.SecretAccessException;
import java.util.List;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a secret that could not be read at startup (an import, or a bean reading it): the description says which
 * secret, as whom, the code and the summary; the action says which account must change which policy, and gives the
 * statement to add.
 */
final class SecretAccessFailureAnalyzer extends AbstractFailureAnalyzer<SecretAccessException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SecretAccessException cause) {
        String action = FailureReports.fixes(cause.diagnosis())
                + "\n\nThen start the application again. To check access without starting it:\n    "
                + FailureReports.verifyCommand(
                        List.of(cause.secret()), FailureReports.roleOf(FailureReports.caller(cause.diagnosis())));
        return new FailureAnalysis(FailureReports.description(cause.secret(), cause.diagnosis()), action, cause);
    }
}
