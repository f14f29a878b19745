package dev.xacct.secrets.testkit;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator on its own with the {@link DemoWorld}, until the process is stopped.
 *
 * <pre>
 * java -cp xacct-secrets-testkit.jar:... dev.xacct.secrets.testkit.EmulatorMain [--port PORT]
 * </pre>
 *
 * <p>It prints the environment variables that point the AWS SDK (and the {@code verify} command) at it, and the ARN of
 * every demo secret with the code {@code verify} gives for it.
 */
public final class EmulatorMain {

    /** The port used when none is given. */
    public static final int DEFAULT_PORT = 4566;

    private EmulatorMain() {}

    /**
     * Starts the demo emulator.
     *
     * @param args {@code [--port PORT]}
     * @throws InterruptedException if the main thread is interrupted while the emulator runs
     */
    public static void main(String[] args) throws InterruptedException {
        int port;
        try {
            port = parsePort(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: EmulatorMain [--port PORT]");
            System.exit(2);
            return;
        }
        DemoWorld demo = DemoWorld.create();
        AwsEmulator emulator = AwsEmulator.start(demo.world(), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            emulator.close();
                            stopped.countDown();
                        },
                        "aws-emulator-shutdown"));
        printBanner(System.out, emulator, demo);
        System.out.println();
        System.out.println("Stop with Ctrl-C.");
        stopped.await();
    }

    /**
     * Parses {@code [--port PORT]}.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    static int parsePort(String[] args) {
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            if (!args[i].equals("--port")) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--port needs a value, a port number from 0 to 65535");
            }
            try {
                port = Integer.parseInt(args[++i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port must be a number from 0 to 65535, was '" + args[i] + "'");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be a number from 0 to 65535, was " + port);
            }
        }
        return port;
    }

    /**
     * Prints the environment to use and the demo secrets with their expected codes.
     *
     * @param out where to print, such as {@link System#out}
     * @param emulator the running emulator, whose endpoint is printed
     * @param demo the demo world it serves
     */
    public static void printBanner(PrintStream out, AwsEmulator emulator, DemoWorld demo) {
        out.println("AWS emulator (Secrets Manager, KMS, STS, IAM) listening on " + emulator.endpoint());
        out.println();
        out.println("Point the AWS SDK at it (the demo user may only assume " + DemoWorld.ROLE_ARN + "):");
        out.println("  export AWS_ENDPOINT_URL=" + emulator.endpoint());
        out.println("  export AWS_ACCESS_KEY_ID=" + DemoWorld.ACCESS_KEY_ID);
        out.println("  export AWS_SECRET_ACCESS_KEY=" + DemoWorld.SECRET_ACCESS_KEY);
        out.println("  export AWS_REGION=" + DemoWorld.REGION);
        out.println();
        out.println(
                "Demo secrets in account " + DemoWorld.OWNER_ACCOUNT + " (read them as " + DemoWorld.ROLE_ARN + "):");
        for (DemoWorld.DemoSecret secret : demo.secrets()) {
            out.printf("  %-24s %s%n", secret.expectedCode(), secret.arn());
        }
        out.flush();
    }
}
