package dev.xacct.secrets.samples.springboot;

import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.DemoWorld;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS emulator with the testkit's demo world, so that the sample runs without an AWS account: Account1
 * {@value DemoWorld#OWNER_ACCOUNT} owns the secrets, {@value DemoWorld#ROLE_ARN} reads them, assumed with the demo
 * user's documented access key.
 */
final class DemoAws implements AutoCloseable {

    /** The demo secret read unless {@code --demo-secret=NAME} names another. */
    static final String DEFAULT_SECRET = "demo/readable";

    private final AwsEmulator emulator;
    private final String secretArn;

    private DemoAws(AwsEmulator emulator, String secretArn) {
        this.emulator = emulator;
        this.secretArn = secretArn;
    }

    /** Whether the application is configured for real AWS: a secret ARN given as argument, property or variable. */
    static boolean awsConfigured(String... args) {
        return Arrays.stream(args).anyMatch(arg -> arg.startsWith("--app.db.secret-arn="))
                || System.getProperty("app.db.secret-arn") != null
                || System.getenv("APP_DB_SECRET_ARN") != null;
    }

    /** The demo secret the arguments name ({@code --demo-secret=NAME}), else {@value #DEFAULT_SECRET}. */
    static String demoSecret(String... args) {
        return Arrays.stream(args)
                .filter(arg -> arg.startsWith("--demo-secret="))
                .map(arg -> arg.substring("--demo-secret=".length()))
                .findFirst()
                .orElse(DEFAULT_SECRET);
    }

    /**
     * Starts the emulator, and sets the demo user's access key as the {@code aws.accessKeyId} and
     * {@code aws.secretAccessKey} system properties, where the AWS SDK's default credentials chain finds them.
     */
    static DemoAws start(String secretName) {
        DemoWorld demo = DemoWorld.create();
        String secretArn = demo.secret(secretName).arn();
        AwsEmulator emulator = AwsEmulator.start(demo.world());
        System.setProperty("aws.accessKeyId", DemoWorld.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", DemoWorld.SECRET_ACCESS_KEY);
        System.out.println("AWS emulator with the demo world at " + emulator.endpoint() + ": reading " + secretArn
                + " (" + demo.secret(secretName).problem() + ") as " + DemoWorld.ROLE_ARN);
        return new DemoAws(emulator, secretArn);
    }

    /** The application's settings for the demo world; arguments and the environment still override them. */
    Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("app.db.secret-arn", secretArn);
        properties.put("xacct.secrets.endpoint", emulator.endpoint().toString());
        properties.put("xacct.secrets.region", DemoWorld.REGION);
        properties.put("xacct.secrets.role-arn", DemoWorld.ROLE_ARN);
        return properties;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
