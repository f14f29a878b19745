package dev.xacct.secrets.cli;

import dev.xacct.secrets.testkit.DemoWorld;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test the demo user's access key the way a user would give theirs: through the SDK's standard system
 * properties, which the default credentials chain reads before the environment. Cleared after each test, so no test
 * depends on another's credentials.
 */
final class DemoCredentials implements BeforeEachCallback, AfterEachCallback {

    private static final String ACCESS_KEY_ID = "aws.accessKeyId";
    private static final String SECRET_ACCESS_KEY = "aws.secretAccessKey";

    @Override
    public void beforeEach(ExtensionContext context) {
        System.setProperty(ACCESS_KEY_ID, DemoWorld.ACCESS_KEY_ID);
        System.setProperty(SECRET_ACCESS_KEY, DemoWorld.SECRET_ACCESS_KEY);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.clearProperty(ACCESS_KEY_ID);
        System.clearProperty(SECRET_ACCESS_KEY);
    }
}
