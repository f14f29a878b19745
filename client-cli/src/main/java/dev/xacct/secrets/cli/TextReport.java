package dev.xacct.secrets.cli;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.Fix;
import dev.xacct.secrets.VerifyReport;
import java.util.List;

/**
 * Renders a {@link VerifyReport} for a person at a terminal: who the caller is, one line per secret (OK, or the code
 * and the summary), then for each failure what to do — which account, which policy, on which resource, and the
 * statement to paste, indented so it can be copied as is.
 */
public final class TextReport {

    private static final String INDENT = "    ";

    private TextReport() {}

    /**
     * The report as text.
     *
     * @param report the report
     * @return the text, ending with a line break
     */
    public static String render(VerifyReport report) {
        StringBuilder text = new StringBuilder();
        text.append("Caller: ")
                .append(report.caller() == null ? "unknown" : report.caller())
                .append('\n');
        if (report.callerWarning() != null) {
            text.append("Warning: ").append(report.callerWarning()).append('\n');
        }
        text.append('\n');
        int width = codeWidth(report.results());
        for (VerifyReport.Result result : report.results()) {
            Diagnosis d = result.diagnosis();
            text.append(pad(d.code().name(), width)).append("  ").append(result.secret());
            if (!result.isOk()) {
                text.append("  ").append(d.summary());
            }
            text.append('\n');
        }
        List<VerifyReport.Result> failures = report.failures();
        text.append('\n')
                .append(report.results().size() - failures.size())
                .append(" of ")
                .append(report.results().size())
                .append(" secrets readable.\n");
        for (VerifyReport.Result failure : failures) {
            appendFixes(text, failure);
        }
        return text.toString();
    }

    private static void appendFixes(StringBuilder text, VerifyReport.Result failure) {
        Diagnosis d = failure.diagnosis();
        text.append('\n').append(d.code()).append("  ").append(failure.secret()).append('\n');
        List<Fix> fixes = d.fixes();
        if (fixes.isEmpty()) {
            // No policy to change (a transient or unrecognised failure): the explanation is all there is to go on.
            text.append("  ").append(d.explanation()).append('\n');
        }
        for (int i = 0; i < fixes.size(); i++) {
            Fix fix = fixes.get(i);
            text.append(fixes.size() == 1 ? "  Fix" : "  Fix " + (i + 1) + " of " + fixes.size())
                    .append('\n');
            if (fix.account() != null || fix.policy() != null) {
                // A configuration change (credentials, region) is made by whoever runs the app, not by an account.
                line(text, "Account", fix.account() == null ? "unknown" : fix.account());
            }
            line(
                    text,
                    "Policy",
                    fix.policy() == null
                            ? "none (a configuration change)"
                            : fix.policy().phrase());
            if (fix.target() != null) {
                line(text, "Target", fix.target());
            }
            line(text, "Do", fix.instruction());
            line(
                    text,
                    "Action",
                    fix.action() == null
                            ? "none a program may apply (a person decides)"
                            : fix.action().describe());
            if (fix.statement() != null) {
                text.append(INDENT).append("Statement:\n");
                for (String statementLine : fix.statement().split("\n", -1)) {
                    text.append(INDENT).append(INDENT).append(statementLine).append('\n');
                }
            }
        }
        if (d.requestId() != null) {
            line(text, "Request id", d.requestId());
        }
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(INDENT)
                .append(pad(label + ":", 11))
                .append(' ')
                .append(value)
                .append('\n');
    }

    private static int codeWidth(List<VerifyReport.Result> results) {
        return results.stream()
                .mapToInt(r -> r.diagnosis().code().name().length())
                .max()
                .orElse(2);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
