package dev.xacct.secrets.spring;

import dev.xacct.secrets.VerificationException;
import dev.xacct.secrets.VerifyReport;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports the secrets startup verification could not read: the description lists each secret with its code, then
 * each failure in full; the action gives, per failed secret, the account, the policy and the statement to add.
 */
final class VerificationFailureAnalyzer extends AbstractFailureAnalyzer<VerificationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, VerificationException cause) {
        VerifyReport report = cause.report();
        StringBuilder description = new StringBuilder();
        description
                .append(report.failures().size())
                .append(" of ")
                .append(report.results().size())
                .append(" secrets cannot be read at startup (")
                .append(XacctSecretsProperties.CONFIG_PREFIX)
                .append(".verify).\n\n    Caller: ")
                .append(report.caller() == null ? "unknown" : report.caller())
                .append('\n');
        if (report.callerWarning() != null) {
            description.append("    ! ").append(report.callerWarning()).append('\n');
        }
        for (VerifyReport.Result result : report.results()) {
            description.append(
                    String.format("    %-24s %s%n", result.diagnosis().code(), result.secret()));
        }
        StringBuilder action = new StringBuilder();
        for (VerifyReport.Result failure : report.failures()) {
            description
                    .append("\n")
                    .append(FailureReports.description(failure.secret(), failure.diagnosis()))
                    .append('\n');
            action.append("For ")
                    .append(failure.secret())
                    .append(":\n")
                    .append(FailureReports.fixes(failure.diagnosis()))
                    .append("\n\n");
        }
        action.append("Then start the application again (or set ")
                .append(XacctSecretsProperties.CONFIG_PREFIX)
                .append(".verify.fail-on-error=false to start without these secrets). To check access without "
                        + "starting it:\n    ")
                .append(FailureReports.verifyCommand(
                        report.failures().stream()
                                .map(VerifyReport.Result::secret)
                                .toList(),
                        FailureReports.roleOf(report.caller())));
        return new FailureAnalysis(description.toString().stripTrailing(), action.toString(), cause);
    }
}
