package dev.xacct.secrets.cli;

/**
 * A command line that cannot be run as given. The message names the bad argument and what was expected; the CLI prints
 * it on one line after {@code error: } and exits with status 2.
 */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the argument, without the {@code error: } prefix
     */
    public UsageException(String message) {
        super(message);
    }
}
