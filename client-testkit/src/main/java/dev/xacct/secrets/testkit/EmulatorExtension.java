package dev.xacct.secrets.testkit;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit Jupiter extension that runs an {@link AwsEmulator} for a test class. Registered on a {@code static} field,
 * one emulator serves the whole class; on an instance field, each test gets its own. Before each test the request log
 * and the injected faults are cleared, so a test sees only its own requests.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmulatorExtension AWS = EmulatorExtension.of(() -> DemoWorld.create().world());
 *
 * @Test
 * void readsTheSecret(AwsEmulator aws) { ... aws.endpoint() ... }
 * }</pre>
 *
 * <p>Test methods and constructors may declare an {@link AwsEmulator} or {@link World} parameter.
 */
public final class EmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Supplier<World> worldFactory;
    private volatile @Nullable AwsEmulator emulator;
    private volatile boolean perClass;

    private EmulatorExtension(Supplier<World> worldFactory) {
        this.worldFactory = Objects.requireNonNull(worldFactory, "worldFactory");
    }

    /**
     * {@return an extension whose emulator serves the world {@code worldFactory} builds (called once per emulator
     * start)}
     *
     * @param worldFactory builds a fresh world for each emulator start; not null
     */
    public static EmulatorExtension of(Supplier<World> worldFactory) {
        return new EmulatorExtension(worldFactory);
    }

    /**
     * {@return an extension whose emulator serves {@code world}}
     *
     * @param world the world to serve; not null. Every emulator the extension starts serves this same instance, so
     *     changes a test makes to it stay for the next tests
     *
     */
    public static EmulatorExtension of(World world) {
        Objects.requireNonNull(world, "world");
        return new EmulatorExtension(() -> world);
    }

    /**
     * The running emulator.
     *
     * @return the emulator started for the current test class
     *
     * @throws IllegalStateException outside a test of the class that registered the extension
     */
    public AwsEmulator emulator() {
        AwsEmulator running = emulator;
        if (running == null) {
            throw new IllegalStateException("the emulator runs only during the tests of the class that registers it");
        }
        return running;
    }

    /** {@return the world of the running emulator} */
    public World world() {
        return emulator().world();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        emulator = AwsEmulator.start(worldFactory.get());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (emulator == null) {
            emulator = AwsEmulator.start(worldFactory.get());
        }
        emulator.requestLog().clear();
        emulator.faults().clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    private void stop() {
        AwsEmulator running = emulator;
        emulator = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == AwsEmulator.class || type == World.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == World.class ? world() : emulator();
    }
}
