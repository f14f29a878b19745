package dev.xacct.secrets.cli;

/** How {@code verify} prints its report. */
public enum OutputFormat {

    /** For a person: the caller, a line per secret, then the fix for each failure. */
    TEXT,

    /** For a script: exactly one JSON object, the report's {@code toJson()}. */
    JSON;

    /**
     * The format named on the command line.
     *
     * @param name {@code text} or {@code json}
     * @return the format
     * @throws UsageException naming {@code --format} if the name is neither
     */
    public static OutputFormat of(String name) throws UsageException {
        return switch (name) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new UsageException("--format must be text or json, was '" + name + "'");
        };
    }
}
