package dev.xacct.secrets;

/**
 * {@link VerifyReport#requireOk()} found secrets that cannot be read. The message lists them with their codes on one
 * line; {@link #report()} has the whole report, with each fix.
 */
public final class VerificationException extends XacctSecretsException {

    private static final long serialVersionUID = 1L;

    private final transient VerifyReport report;

    /**
     * Creates the exception for a report with failures.
     *
     * @param report the report, with at least one secret not OK
     */
    public VerificationException(VerifyReport report) {
        super(message(report), null);
        this.report = report;
    }

    /**
     * One line: how many secrets failed, then per failure its code, the secret, and the first fix's instruction (or
     * the summary when there is nothing to change), so the fix reaches a log that prints only the message.
     */
    private static String message(VerifyReport report) {
        return report.failures().size() + " of " + report.results().size() + " secrets cannot be read: "
                + report.failures().stream()
                        .map(failure -> failure.diagnosis().code() + " " + failure.secret() + ": "
                                + (failure.diagnosis().fixes().isEmpty()
                                        ? failure.diagnosis().summary()
                                        : failure.diagnosis().fixes().get(0).instruction()
                                                + (failure.diagnosis().fixes().size() > 1
                                                        ? " (and "
                                                                + (failure.diagnosis()
                                                                                .fixes()
                                                                                .size()
                                                                        - 1)
                                                                + " more fix(es) in report().toText())"
                                                        : "")))
                        .collect(java.util.stream.Collectors.joining("; "))
                + ".";
    }

    /**
     * The report.
     *
     * @return the report
     */
    public VerifyReport report() {
        return report;
    }
}
