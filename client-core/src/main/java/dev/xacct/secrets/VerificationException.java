package dev.xacct.secrets;

/**
 * {@link VerifyReport#requireOk()} found secrets that cannot be read. The message lists them with their codes on one
 * line; {@link #report()} has the whole report, with each fix.
 */
public final class VerificationException extends XacctSecretsException {

    private static final long serialVersionUID = 1L;

    private final transient VerifyReport report;

    /** Creates the exception for a report with failures. */
    public VerificationException(VerifyReport report) {
        super(report.failures().size() + " of " + report.results().size() + " secrets cannot be read: "
                + report.failures().stream()
                        .map(failure -> failure.diagnosis().code() + " " + failure.secret())
                        .collect(java.util.stream.Collectors.joining(", "))
                + " (report().toText() names each fix)", null);
        this.report = report;
    }

    /** The report. */
    public VerifyReport report() {
        return report;
    }
}
