package dev.xacct.secrets.samples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * A Spring Boot application whose database credentials are a secret of another AWS account, imported with
 * {@code spring.config.import=xacct-secrets:${app.db.secret-arn}?prefix=app.db} (see {@code application.properties}).
 *
 * <p>By default it starts the AWS emulator with the demo world and reads {@code demo/readable} as
 * {@code ApplicationRole}; {@code --demo-secret=demo/no-key-policy} (or any demo secret) shows the failure report
 * instead. Against real AWS, give {@code --app.db.secret-arn=ARN} (and {@code --xacct.secrets.role-arn=ARN}).
 */
@SpringBootApplication
@EnableConfigurationProperties(DatabaseSettings.class)
public class SampleApplication {

    /**
     * Runs the sample.
     *
     * @param args Spring Boot arguments, such as {@code --app.db.secret-arn=ARN} or {@code --demo-secret=NAME}
     */
    public static void main(String[] args) {
        // The sample has nothing to serve once it has reported: close it (and the emulator) and exit. An application
        // with a web server would keep running here.
        System.exit(SpringApplication.exit(run(args)));
    }

    /** Starts the application: against real AWS when a secret ARN is configured, else against the demo world. */
    static ConfigurableApplicationContext run(String... args) {
        if (DemoAws.awsConfigured(args)) {
            return SpringApplication.run(SampleApplication.class, args);
        }
        DemoAws demo = DemoAws.start(DemoAws.demoSecret(args));
        try {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
                    .properties(demo.properties())
                    .run(args);
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) {
                    demo.close();
                }
            });
            return context;
        } catch (RuntimeException e) {
            // Spring Boot has printed the failure report; the emulator has nothing left to serve.
            demo.close();
            throw e;
        }
    }
}
