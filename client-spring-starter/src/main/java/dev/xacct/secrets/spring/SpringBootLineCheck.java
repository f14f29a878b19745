package dev.xacct.secrets.spring;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;

/**
 * Fails startup, before any configuration is read, when the application runs a Spring Boot line the starter does not
 * support: one line that names the supported lines, rather than a {@link NoSuchMethodError} later. Runs first among
 * the listeners of the prepared environment, so that no other part of the starter has run yet.
 */
public final class SpringBootLineCheck implements SmartApplicationListener {

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        SpringBootLine.requireSupported();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
