package dev.xacct.secrets.internal;

import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.xacct.secrets.Ticker;
import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * What a metrics binder reaches in a built client: its listeners, its cache's statistics and gauges, and its closing.
 * Not API: the client's package hands it over through {@link #of}, for {@code dev.xacct.secrets.micrometer}, so the
 * client itself has no method a user would see for it and no Micrometer type.
 */
public final class Instruments {

    private static volatile Function<XacctSecretsClient, Instruments> lookup;

    private final SecretCache cache;
    private final Ticker ticker;
    private final Listeners listeners;
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
    private boolean closed;

    public Instruments(SecretCache cache, Ticker ticker, Listeners listeners) {
        this.cache = cache;
        this.ticker = ticker;
        this.listeners = listeners;
    }

    /** Called once, by the client class as it initialises: how to find a client's instruments. */
    public static void lookup(Function<XacctSecretsClient, Instruments> clientInstruments) {
        lookup = clientInstruments;
    }

    /**
     * The instruments of {@code client} (whose class, being instantiated, has set the lookup).
     *
     * @throws IllegalArgumentException if {@code client} was not built by {@code XacctSecretsClient.builder()} (a
     *     fake or a decorator has no cache to measure)
     */
    public static Instruments of(XacctSecretsClient client) {
        Objects.requireNonNull(client, "client");
        Function<XacctSecretsClient, Instruments> known = lookup;
        Instruments instruments = known == null ? null : known.apply(client);
        if (instruments == null) {
            throw new IllegalArgumentException("metrics measure a client built by XacctSecretsClient.builder(), not a "
                    + client.getClass().getName());
        }
        return instruments;
    }

    /** Tells {@code listener} of fetches, role assumptions and failed refreshes from now on. */
    public void addListener(XacctSecretsListener listener) {
        listeners.add(listener);
    }

    /** Stops telling {@code listener}. */
    public void removeListener(XacctSecretsListener listener) {
        listeners.remove(listener);
    }

    /** Counts the cache's hits, misses and loads into {@code counter} too. */
    public void addStatsCounter(StatsCounter counter) {
        cache.addStatsCounter(counter);
    }

    /** Stops counting into {@code counter}. */
    public void removeStatsCounter(StatsCounter counter) {
        cache.removeStatsCounter(counter);
    }

    /** How many secret versions have a cached value. */
    public double size() {
        return cache.size();
    }

    /** The age in seconds of the oldest value the cache would serve. */
    public double oldestValueAgeSeconds() {
        return cache.oldestValueAgeSeconds(ticker.read());
    }

    /** How many values are served although their last refresh failed. */
    public double staleValues() {
        return cache.staleValues();
    }

    /** Runs {@code hook} when the client closes (at once if it is closed). */
    public void onClose(Runnable hook) {
        synchronized (closeHooks) {
            if (!closed) {
                closeHooks.add(hook);
                return;
            }
        }
        hook.run();
    }

    /** Called by the client's {@code close()}. */
    public void close() {
        synchronized (closeHooks) {
            closed = true;
        }
        for (Runnable hook : closeHooks) {
            hook.run();
        }
        closeHooks.clear();
    }
}
