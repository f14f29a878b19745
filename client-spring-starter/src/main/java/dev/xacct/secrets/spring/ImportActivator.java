package dev.xacct.secrets.spring;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Reads the {@code xacct-secrets:} imports once the environment is complete, and closes their client with the
 * application.
 *
 * <p>It runs on the prepared environment after Spring Boot has read every configuration file (profile-specific files
 * and profile groups included) and set up logging, so the imports are read with the settings the application has, from
 * wherever they come: files, environment variables, system properties, command-line arguments.
 */
public final class ImportActivator implements SmartApplicationListener {

    /** After configuration data (HIGHEST_PRECEDENCE + 10) and logging (+ 20) are set up. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 21;

    /** Spring Cloud Context's event, after its refresh has replaced the property sources (optional dependency). */
    private static final String ENVIRONMENT_CHANGE =
            "org.springframework.cloud.context.environment.EnvironmentChangeEvent";

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
                || ApplicationFailedEvent.class.isAssignableFrom(eventType)
                || ContextClosedEvent.class.isAssignableFrom(eventType)
                || eventType.getName().equals(ENVIRONMENT_CHANGE);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            ConfigurableEnvironment environment = prepared.getEnvironment();
            ImportSession.in(environment).forEach(session -> session.activate(environment, prepared));
        } else if (event.getClass().getName().equals(ENVIRONMENT_CHANGE)
                && event.getSource() instanceof ConfigurableApplicationContext context) {
            refreshed(context.getEnvironment());
        } else if (event instanceof ApplicationFailedEvent failed) {
            close(failed.getApplicationContext());
        } else if (event instanceof ContextClosedEvent closed) {
            close(closed.getApplicationContext());
        }
    }

    /**
     * Spring Cloud's refresh (ContextRefresher, {@code /actuator/refresh}) reads the configuration again and puts new,
     * empty import sources in place of the live ones, then publishes EnvironmentChangeEvent: read them now, before the
     * rebinding that event starts (this listener runs first), and close the clients of the sources it replaced.
     */
    private static void refreshed(ConfigurableEnvironment environment) {
        List<ImportSession> current = ImportSession.in(environment);
        current.forEach(session -> session.activate(environment, null));
        ImportSession.replacedIn(environment, current).forEach(ImportSession::close);
    }

    private static void close(@Nullable ApplicationContext context) {
        if (context instanceof ConfigurableApplicationContext configurable) {
            Environment environment = configurable.getEnvironment();
            if (environment instanceof ConfigurableEnvironment env) {
                // A child context (a management server's) shares the property sources, not the environment.
                ImportSession.in(env).stream()
                        .filter(session -> session.belongsTo(env))
                        .forEach(ImportSession::close);
            }
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
