package com.example.secrets;

import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.VerifyReport;
import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsClientBuilder;
import java.io.PrintStream;
import java.util.List;

/**
 * Reads a secret of another AWS account, as an application does at startup: verify access, then read. When access
 * is broken it prints the diagnosis (which policy is missing, in which account, and the fix) and exits with 1.
 *
 * <pre>
 * java com.example.secrets.ReadSecret SECRET_ARN [ROLE_ARN]
 * </pre>
 *
 * <p>Credentials and the default region come from the AWS SDK's standard chain ({@code AWS_PROFILE},
 * {@code AWS_ACCESS_KEY_ID}..., {@code AWS_REGION}); the secret is read in the region its ARN names. The value is
 * never printed: only its length.
 */
public final class ReadSecret {

    private ReadSecret() {}

    /**
     * Reads the secret named by the first argument, assuming the role named by the second, if any.
     *
     * @param args the secret's ARN, then optionally the role to assume
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ReadSecret SECRET_ARN [ROLE_ARN]");
            System.exit(2);
        }
        XacctSecretsClientBuilder builder = XacctSecretsClient.builder();
        if (args.length == 2) {
            builder.roleArn(args[1]); // assumed through STS; its credentials are renewed in the background
        }
        System.exit(run(builder, args[0], System.out));
    }

    /**
     * Verifies access to the secret, then reads it.
     *
     * @param builder the client's configuration: credentials, role, region, endpoint
     * @param secretArn the secret's ARN
     * @param out where the outcome is printed
     * @return 0 when the secret was read, 1 when access is broken (the diagnosis is printed)
     */
    static int run(XacctSecretsClientBuilder builder, String secretArn, PrintStream out) {
        SecretRef secret = SecretRef.parse(secretArn);
        try (XacctSecretsClient secrets = builder.build()) {
            // At startup: one report naming, per secret, what is missing and the fix.
            VerifyReport report = secrets.verify(List.of(secret));
            if (!report.isOk()) {
                out.println(report.toText());
                return 1;
            }
            // From now on a read is a cache lookup; the client refreshes the value in the background.
            String value = secrets.getString(secret);
            out.println("Read " + secret + ": " + value.length() + " characters.");
            return 0;
        } catch (SecretAccessException e) {
            // Access broke after the check (a policy changed): the diagnosis says which policy, where, and the fix.
            out.println(e.diagnosis().toText());
            return 1;
        }
    }
}
