package dev.xacct.secrets.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an unsupported Spring Boot line in one line, with what to do. */
class UnsupportedSpringBootVersionFailureAnalyzer
        extends AbstractFailureAnalyzer<UnsupportedSpringBootVersionException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedSpringBootVersionException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Move the application to one of these Spring Boot lines, or "
                        + "remove xacct-secrets-spring-boot-starter.",
                cause);
    }
}
