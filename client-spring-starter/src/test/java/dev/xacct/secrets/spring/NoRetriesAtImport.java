package dev.xacct.secrets.spring;

import dev.xacct.secrets.XacctSecretsClientBuilder;

/**
 * The client that reads imports, in every application the tests start: SDK retries off, and the tests' time source
 * ({@link TestTime}). Listed in the tests' {@code META-INF/spring.factories} under
 * {@code dev.xacct.secrets.spring.XacctSecretsClientCustomizer}: the documented way to customize that client on any
 * Spring Boot line.
 */
public class NoRetriesAtImport implements XacctSecretsClientCustomizer {

    @Override
    public void customize(XacctSecretsClientBuilder builder) {
        builder.overrideConfiguration(TestAws.noRetries());
        TestTime.apply(builder);
    }
}
