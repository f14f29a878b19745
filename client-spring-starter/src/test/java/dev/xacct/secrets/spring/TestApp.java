package dev.xacct.secrets.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** The application the starter tests start: everything auto-configured, SDK retries off. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApp {

    @Bean
    XacctSecretsClientCustomizer noRetries() {
        return builder -> builder.overrideConfiguration(TestAws.noRetries());
    }

    /** Starts the application with the emulator's properties and {@code more}, without a web server. */
    static ConfigurableApplicationContext run(String... more) {
        Map<String, Object> properties = new LinkedHashMap<>(TestAws.get().properties());
        for (String pair : more) {
            int equals = pair.indexOf('=');
            properties.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return new SpringApplicationBuilder(TestApp.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run();
    }
}
