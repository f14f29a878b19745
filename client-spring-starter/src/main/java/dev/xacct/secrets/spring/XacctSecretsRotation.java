package dev.xacct.secrets.spring;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Tells the application when an imported secret has a new value. The imported properties are read through the
 * client's cache, so the {@code Environment} sees a rotated value by itself; what was copied out of it at startup
 * (bound {@code @ConfigurationProperties}, {@code @RefreshScope} beans, a connection pool's credentials) needs telling.
 * Every {@code check-interval} it reads each import through the cache (no call to AWS until the cache refreshes a
 * value, {@code cache.refresh-after}) and publishes an {@link XacctSecretsChangedEvent} per secret whose properties
 * changed.
 */
public final class XacctSecretsRotation implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(XacctSecretsRotation.class);

    private final ConfigurableEnvironment environment;
    private final ApplicationEventPublisher publisher;
    private final Duration interval;
    private @Nullable ScheduledExecutorService scheduler;

    XacctSecretsRotation(ConfigurableEnvironment environment, ApplicationEventPublisher publisher, Duration interval) {
        this.environment = environment;
        this.publisher = publisher;
        this.interval = interval;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (sources().isEmpty()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "xacct-secrets-rotation");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        // The schedule ends with the scheduler (destroy); a failed check is logged by checkQuietly, not the future.
        ScheduledFuture<?> unused =
                scheduler.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Checks every import now, and publishes an event for each one that changed; what the schedule does.
     *
     * @return the properties that changed
     */
    public synchronized Set<String> checkNow() {
        Set<String> all = new LinkedHashSet<>();
        for (ImportedSecretPropertySource source : sources()) {
            Set<String> changed = source.changedSinceLastCheck();
            if (!changed.isEmpty()) {
                log.info("Imported secret {} changed: publishing the new value of {}", source.getName(), changed);
                publisher.publishEvent(new XacctSecretsChangedEvent(this, source.getName(), changed));
                all.addAll(changed);
            }
        }
        return all;
    }

    /** The live imports: a refresh of Spring Cloud Context may have replaced the ones there were at startup. */
    private List<ImportedSecretPropertySource> sources() {
        return ImportSession.in(environment).stream()
                .filter(ImportSession::isOpen)
                .flatMap(session -> session.sources().stream())
                .filter(ImportedSecretPropertySource::isLoaded)
                .toList();
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            // The next check tries again; a listener's failure must not stop the schedule.
            log.warn("Checking the imported secrets for a new value failed", e);
        }
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
