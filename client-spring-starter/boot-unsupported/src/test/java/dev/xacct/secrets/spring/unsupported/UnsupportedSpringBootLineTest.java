package dev.xacct.secrets.spring.unsupported;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.xacct.secrets.spring.UnsupportedSpringBootVersionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** An application on Spring Boot 3.4 with the starter: it stops at once, saying which lines are supported. */
@ExtendWith(OutputCaptureExtension.class)
class UnsupportedSpringBootLineTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    @Test
    void startup_onSpringBoot34_failsWithOneLineNamingTheSupportedLines(CapturedOutput output) {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.4.");

        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("spring.config.import=xacct-secrets:arn:aws:secretsmanager:us-east-1:111111111111:"
                        + "secret:app/db-AbC123")
                .run());

        String expected = "xacct-secrets-spring-boot-starter supports Spring Boot 3.5.x, 4.0.x and 4.1.x; this "
                + "application runs Spring Boot " + SpringBootVersion.getVersion();
        assertThat(failure)
                .isInstanceOf(UnsupportedSpringBootVersionException.class)
                .hasMessage(expected);
        assertThat(failure.getMessage()).doesNotContain("\n");
        // The console shows the same line, as the failure report's description, and no stack trace.
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("Description:\n\n" + expected + "\n")
                .doesNotContain("\tat ");
    }
}
