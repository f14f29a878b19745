package dev.xacct.secrets.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code xacct-secrets-cli} entry point: {@code verify}, {@code fix} and {@code emulator}. See {@link Usage} for the command
 * lines and the exit statuses.
 */
public final class Main {

    /** Exit status: every secret can be read, every fix is applied (or help was printed). */
    public static final int OK = 0;
    /** Exit status: at least one secret cannot be read, a fix is left undone, or the command failed. */
    public static final int DIAGNOSED = 1;
    /** Exit status: the command line is wrong. */
    public static final int USAGE = 2;

    private Main() {}

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs the command line, with no standard input ({@code fix --report -} then reads an empty report).
     *
     * @param args the command line: a command and its options
     * @param out where reports, help and the emulator's instructions go
     * @param err where errors go
     * @return the exit status: {@link #OK}, {@link #DIAGNOSED} or {@link #USAGE}
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, InputStream.nullInputStream(), out, err);
    }

    /**
     * Runs the command line.
     *
     * @param args the command line: a command and its options
     * @param in standard input, for {@code fix --report -}
     * @param out where reports, help and the emulator's instructions go
     * @param err where errors go
     * @return the exit status: {@link #OK}, {@link #DIAGNOSED} or {@link #USAGE}
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(Usage.global());
            return USAGE;
        }
        List<String> options = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "-h", "--help" -> help(out, Usage.global());
                case "verify" -> verify(options, out, err);
                case "fix" -> fix(options, in, out, err);
                case "emulator" -> emulator(options, out);
                default -> {
                    err.println("error: unknown command '" + args[0] + "'");
                    err.print(Usage.global());
                    yield USAGE;
                }
            };
        } catch (UsageException e) {
            err.println("error: " + oneLine(e.getMessage()));
            return USAGE;
        }
    }

    private static int verify(List<String> options, PrintStream out, PrintStream err) throws UsageException {
        Arguments args = Arguments.parse("verify", options, VerifyRequest.OPTIONS);
        if (args.help()) {
            return help(out, Usage.verify());
        }
        VerifyRequest request = VerifyRequest.of(args);
        try {
            return VerifyCommand.run(request, out);
        } catch (RuntimeException e) {
            // verify() turns AWS failures into diagnoses; anything reaching here is a fault of this tool or the SDK
            // setup, and still deserves one readable line rather than a stack trace.
            err.println("error: verify failed: " + oneLine(String.valueOf(e)));
            return DIAGNOSED;
        }
    }

    private static int fix(List<String> options, InputStream in, PrintStream out, PrintStream err)
            throws UsageException {
        Arguments args = Arguments.parse("fix", options, FixRequest.OPTIONS, FixRequest.FLAGS);
        if (args.help()) {
            return help(out, Usage.fix());
        }
        FixRequest request = FixRequest.of(args);
        try {
            return FixCommand.run(request, in, out, err);
        } catch (RuntimeException e) {
            err.println("error: fix failed: " + oneLine(String.valueOf(e)));
            return DIAGNOSED;
        }
    }

    private static int emulator(List<String> options, PrintStream out) throws UsageException {
        Arguments args = Arguments.parse("emulator", options, EmulatorCommand.OPTIONS);
        if (args.help()) {
            return help(out, Usage.emulator());
        }
        int port = EmulatorCommand.port(args);
        try {
            EmulatorCommand.runUntilStopped(port, out);
            return OK;
        } catch (UncheckedIOException e) {
            throw new UsageException("--port: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OK;
        }
    }

    private static int help(PrintStream out, String usage) {
        out.print(usage);
        out.flush();
        return OK;
    }

    /** Keeps an error to the one line the contract promises, whatever the message it wraps. */
    private static String oneLine(@Nullable String message) {
        return message == null ? "unknown problem" : message.replaceAll("\\s*\\R\\s*", " ");
    }
}
