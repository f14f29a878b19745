package dev.xacct.secrets.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process AWS: one HTTP endpoint on {@code 127.0.0.1} serving Secrets Manager, KMS, STS and IAM policy
 * simulation for a {@link World}. Every request must carry a valid SigV4 signature from credentials the world issued,
 * and is authorized by really evaluating the identity, resource, key, trust, boundary, session and service control
 * policies involved, across accounts.
 *
 * <pre>{@code
 * try (AwsEmulator aws = AwsEmulator.start(world)) {
 *     SecretsManagerClient client = SecretsManagerClient.builder()
 *             .endpointOverride(aws.endpoint())
 *             .region(Region.US_EAST_1)
 *             .credentialsProvider(...)
 *             .build();
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the server.
 */
public final class AwsEmulator implements AutoCloseable {

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK, and
        // every response waits ~40 ms. Read once per JVM by the JDK, so set it before the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final World world;
    private final HttpServer server;
    private final ExecutorService executor;
    private final RequestLog requestLog = new RequestLog();
    private final Faults faults = new Faults();

    private AwsEmulator(World world, int port) {
        this.world = Objects.requireNonNull(world, "world");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, was: " + port);
        }
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "aws-emulator-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (IOException e) {
            executor.shutdown();
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        server.createContext("/", new Front(world, requestLog, faults));
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Starts an emulator for {@code world} on a free port of {@code 127.0.0.1}.
     *
     * @param world the world to serve; it stays changeable while the emulator runs
     * @return the running emulator; {@link #close()} it when done
     */
    public static AwsEmulator start(World world) {
        return new AwsEmulator(world, 0);
    }

    /**
     * Starts an emulator for {@code world} on {@code port} of {@code 127.0.0.1} ({@code 0} for any free port).
     *
     * @param world the world to serve; it stays changeable while the emulator runs
     * @param port the TCP port, 0 to 65535
     * @return the running emulator; {@link #close()} it when done
     * @throws UncheckedIOException if the port is taken
     *
     */
    public static AwsEmulator start(World world, int port) {
        return new AwsEmulator(world, port);
    }

    /** {@return the endpoint to give every SDK client as {@code endpointOverride} (or {@code AWS_ENDPOINT_URL})} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** {@return the port it listens on} */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@return the world it serves; changes to it apply to the next request} */
    public World world() {
        return world;
    }

    /** {@return the requests received so far} */
    public RequestLog requestLog() {
        return requestLog;
    }

    /** {@return the injected faults} */
    public Faults faults() {
        return faults;
    }

    /** Stops the server at once; requests in flight are dropped. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "AwsEmulator[" + endpoint() + "]";
    }
}
