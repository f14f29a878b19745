package dev.xacct.secrets.cli;

import dev.xacct.secrets.VerifyReport;
import dev.xacct.secrets.XacctSecretsClient;
import java.io.PrintStream;

/**
 * {@code verify}: reads each secret as the caller and prints, per secret, OK or the diagnosis with its fix. Secret
 * values are never printed: the report does not carry them.
 */
public final class VerifyCommand {

    private VerifyCommand() {}

    /**
     * Runs the check and prints the report on {@code out}.
     *
     * @param request the checked command line
     * @param out where the report goes (in JSON format, nothing else is written there)
     * @return {@link Main#OK} if every secret can be read, else {@link Main#DIAGNOSED}
     */
    public static int run(VerifyRequest request, PrintStream out) {
        VerifyReport report;
        try (XacctSecretsClient client = request.client().build()) {
            report = client.verify(request.secrets());
        }
        out.print(request.format() == OutputFormat.JSON ? report.toJson() + "\n" : TextReport.render(report));
        out.flush();
        return report.isOk() ? Main.OK : Main.DIAGNOSED;
    }
}
