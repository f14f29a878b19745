package dev.xacct.secrets.cli;

import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.DemoWorld;
import dev.xacct.secrets.testkit.EmulatorMain;
import dev.xacct.secrets.testkit.IamUser;
import dev.xacct.secrets.testkit.Policies;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code emulator}: serves the testkit's demo world (Account1 {@value DemoWorld#OWNER_ACCOUNT} owning one readable
 * secret and one secret per way cross-account access breaks, Account2 {@value DemoWorld#APP_ACCOUNT} with
 * {@value DemoWorld#ROLE_NAME}) on {@code 127.0.0.1}, until the process is stopped; with an administrator in each
 * account for {@code fix}.
 */
public final class EmulatorCommand {

    /** The options {@code emulator} knows. */
    public static final Set<String> OPTIONS = Set.of("--port");

    /** The port used without {@code --port}: the one LocalStack users already point their tools at. */
    public static final int DEFAULT_PORT = EmulatorMain.DEFAULT_PORT;

    /** The access key id of the demo administrator of Account1 (the owner of the secrets and keys). */
    public static final String OWNER_ADMIN_KEY_ID = "AKIAXACCTOWNERADMIN1";
    /** Its secret access key: documented, since it exists only in the emulator. */
    public static final String OWNER_ADMIN_SECRET = "xacctOwnerAdminSecretKeyForEmulatorOnly1";
    /** The access key id of the demo IAM administrator of Account2 (the application's account). */
    public static final String APP_ADMIN_KEY_ID = "AKIAXACCTAPPADMIN001";
    /** Its secret access key: documented, since it exists only in the emulator. */
    public static final String APP_ADMIN_SECRET = "xacctAppAdminSecretKeyForEmulatorOnly001";

    private EmulatorCommand() {}

    /**
     * Adds the two administrators {@code fix} runs as in the demo: {@code owner-admin} in Account1, allowed Secrets
     * Manager and KMS (the key policies delegate to the account), and {@code iam-admin} in Account2, allowed IAM.
     *
     * @param demo the demo world, before it is served
     */
    static void addAdministrators(DemoWorld demo) {
        IamUser owner = demo.world().account(DemoWorld.OWNER_ACCOUNT).createUser("owner-admin");
        owner.putPolicy("admin", Policies.allow("*", "secretsmanager:*", "kms:*"));
        owner.createAccessKey(OWNER_ADMIN_KEY_ID, OWNER_ADMIN_SECRET);
        IamUser app = demo.world().account(DemoWorld.APP_ACCOUNT).createUser("iam-admin");
        app.putPolicy("admin", Policies.allow("*", "iam:*"));
        app.createAccessKey(APP_ADMIN_KEY_ID, APP_ADMIN_SECRET);
    }

    /**
     * The port asked for.
     *
     * @param args the parsed options
     * @return the port, 0 meaning any free port
     * @throws UsageException naming {@code --port} if it is not a number from 0 to 65535
     */
    public static int port(Arguments args) throws UsageException {
        Optional<String> given = args.single("--port");
        if (given.isEmpty()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(given.get());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new UsageException("--port: must be a number from 0 (any free port) to 65535, was '" + given.get() + "'");
    }

    /**
     * Starts the emulator with a fresh demo world and prints how to use it: the environment variables to export,
     * each demo secret's ARN with the code {@code verify} gives for it, and an example {@code verify} command line.
     * Returns at once; the caller closes the emulator.
     *
     * @param port the port, 0 for any free port
     * @param out where the instructions go
     * @return the running emulator
     * @throws java.io.UncheckedIOException if the port is taken
     */
    public static AwsEmulator start(int port, PrintStream out) {
        DemoWorld demo = DemoWorld.create();
        addAdministrators(demo);
        AwsEmulator emulator = AwsEmulator.start(demo.world(), port);
        EmulatorMain.printBanner(out, emulator, demo);
        out.println();
        out.println("Administrators, to run fix as (give their keys in place of the demo user's):");
        out.println("  Account " + DemoWorld.OWNER_ACCOUNT + " owner-admin (Secrets Manager, KMS):  "
                + OWNER_ADMIN_KEY_ID + " / " + OWNER_ADMIN_SECRET);
        out.println("  Account " + DemoWorld.APP_ACCOUNT + " iam-admin (IAM):                      " + APP_ADMIN_KEY_ID
                + " / " + APP_ADMIN_SECRET);
        out.println();
        out.println("Try it, with the variables above exported:");
        out.println(exampleVerify(demo.secrets()));
        out.println();
        out.println("Stop with Ctrl-C.");
        out.flush();
        return emulator;
    }

    /** A {@code verify} command line over the first two demo secrets: one that reads and one that does not. */
    static String exampleVerify(List<DemoWorld.DemoSecret> secrets) {
        StringBuilder line =
                new StringBuilder("  java -jar xacct-secrets-cli.jar verify --role-arn ").append(DemoWorld.ROLE_ARN);
        secrets.stream()
                .limit(2)
                .forEach(secret -> line.append(" \\\n      --secret ").append(secret.arn()));
        return line.toString();
    }

    /**
     * Starts the emulator and serves until the process is stopped (Ctrl-C, SIGTERM); a shutdown hook closes it.
     *
     * @param port the port, 0 for any free port
     * @param out where the instructions go
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public static void runUntilStopped(int port, PrintStream out) throws InterruptedException {
        AwsEmulator emulator = start(port, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            emulator.close();
                            stopped.countDown();
                        },
                        "xacct-emulator-shutdown"));
        stopped.await();
    }
}
