package dev.xacct.secrets.spring;

/**
 * A setting of the client that reads {@code spring.config.import} secrets is where that client cannot see it; the
 * message names the setting and where to put it. Never quotes a value.
 */
public final class ImportSettingsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Where a setting must be for the imports to use it. */
    static final String WHERE = "application.properties (or .yml), a profile-specific file such as "
            + "application-prod.properties, an environment variable, a system property or a command-line argument";

    private ImportSettingsException(String message) {
        super(message);
    }

    static ImportSettingsException inSecret(String property, String resource) {
        return new ImportSettingsException(property + " is in the imported secret " + resource + ", but the secrets "
                + "are read with the xacct.secrets settings, so it cannot apply to them; put " + property + " in "
                + WHERE);
    }

    static ImportSettingsException notVisibleAtImport(String property) {
        return new ImportSettingsException(property + " is set where spring.config.import cannot see it (a "
                + "@PropertySource, or a property source added once the context starts), so the imported secrets "
                + "were read without it; put " + property + " in " + WHERE);
    }
}
