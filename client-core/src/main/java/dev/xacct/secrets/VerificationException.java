package dev.xacct.secrets;

/** {@link VerifyReport#requireOk()} found secrets that cannot be read; the message is the whole report. */
public final class VerificationException extends XacctSecretsException {

    private static final long serialVersionUID = 1L;

    private final transient VerifyReport report;

    /** Creates the exception for a report with failures. */
    public VerificationException(VerifyReport report) {
        super(report.failures().size() + " of " + report.results().size() + " secrets cannot be read\n"
                + report.toText(), null);
        this.report = report;
    }

    /** The report. */
    public VerifyReport report() {
        return report;
    }
}
