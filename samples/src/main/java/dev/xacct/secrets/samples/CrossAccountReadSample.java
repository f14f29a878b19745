package dev.xacct.secrets.samples;

import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.VerifyReport;
import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsClientBuilder;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.DemoWorld;
import java.io.PrintStream;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A plain Java application that reads a secret of another AWS account: {@code verify()} at startup, a JSON field read,
 * and what a failure looks like.
 *
 * <p>By default it runs against the in-process emulator with the demo world (no AWS account needed): one secret it can
 * read, then one per way cross-account access breaks. Against real AWS, set {@code XACCT_SAMPLE_SECRET_ARN} (and
 * {@code XACCT_SAMPLE_ROLE_ARN} to assume a role); credentials and region come from the standard AWS chain.
 */
public final class CrossAccountReadSample {

    private CrossAccountReadSample() {}

    /**
     * Runs the sample.
     *
     * @param args none
     */
    public static void main(String[] args) {
        String secretArn = System.getenv("XACCT_SAMPLE_SECRET_ARN");
        int status = secretArn == null
                ? runDemo(System.out)
                : runAgainstAws(System.out, secretArn, System.getenv("XACCT_SAMPLE_ROLE_ARN"));
        System.exit(status);
    }

    /** Against real AWS: verify, then read the secret's fields' names (never their values). */
    static int runAgainstAws(PrintStream out, String secretArn, String roleArn) {
        XacctSecretsClientBuilder builder = XacctSecretsClient.builder();
        if (roleArn != null) {
            builder.roleArn(roleArn);
        }
        try (XacctSecretsClient secrets = builder.build()) {
            return readAndReport(out, secrets, SecretRef.parse(secretArn), List.of());
        }
    }

    /** Against the emulator's demo world: the readable secret, then every broken one. */
    static int runDemo(PrintStream out) {
        DemoWorld demo = DemoWorld.create();
        try (AwsEmulator aws = AwsEmulator.start(demo.world());
                XacctSecretsClient secrets = XacctSecretsClient.builder()
                        .endpointOverride(aws.endpoint())
                        .region(DemoWorld.REGION)
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(DemoWorld.ACCESS_KEY_ID, DemoWorld.SECRET_ACCESS_KEY)))
                        .roleArn(DemoWorld.ROLE_ARN)
                        .build()) {
            out.println("AWS emulator with the demo world at " + aws.endpoint() + ": Account1 "
                    + DemoWorld.OWNER_ACCOUNT + " owns the secrets, " + DemoWorld.ROLE_ARN + " reads them.");
            out.println();
            List<SecretRef> broken = demo.secrets().stream()
                    .skip(1)
                    .map(s -> SecretRef.parse(s.arn()))
                    .toList();
            readAndReport(
                    out, secrets, SecretRef.parse(demo.secret("demo/readable").arn()), broken);
            return 0;
        }
    }

    private static int readAndReport(
            PrintStream out, XacctSecretsClient secrets, SecretRef readable, List<SecretRef> broken) {
        out.println("1. At startup, verify() says who we are and whether the secret can be read:");
        VerifyReport report = secrets.verify(List.of(readable));
        out.println(indent(report.toText()));
        if (!report.isOk()) {
            return 1;
        }

        out.println("2. Reading it is a cache lookup from now on. Its JSON fields (values are never printed):");
        for (String field : secrets.getJson(readable).keySet()) {
            String value = secrets.getField(readable, field);
            out.println("     " + field + " = " + mask(value));
        }
        out.println();

        if (!broken.isEmpty()) {
            out.println("3. And when a policy is missing, the exception says which, where, and the fix:");
            for (SecretRef secret : broken) {
                try {
                    secrets.get(secret);
                    out.println("   unexpectedly read " + secret);
                } catch (SecretAccessException e) {
                    out.println();
                    out.println("   " + secret);
                    out.println(indent(e.diagnosis().toText()));
                }
            }
        }
        return 0;
    }

    private static String mask(String value) {
        return "*".repeat(8) + " (" + value.length() + " characters)";
    }

    private static String indent(String text) {
        return text.stripTrailing()
                .lines()
                .map(line -> "     " + line)
                .reduce((a, b) -> a + "\n" + b)
                .orElse("");
    }
}
