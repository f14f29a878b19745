package dev.xacct.secrets.spring;

import java.lang.reflect.Method;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootVersion;
import org.springframework.util.ClassUtils;

/**
 * The Spring Boot line the application runs on. The starter is compiled against Spring Boot 4.0 and uses only API that
 * is the same on every supported line; where the lines differ (Spring Boot 4 moved the bootstrap registry to
 * {@code org.springframework.boot.bootstrap} and health to {@code spring-boot-health}) it goes through here.
 */
final class SpringBootLine {

    /** The lines the starter is built and tested against. */
    static final String SUPPORTED = "3.5.x, 4.0.x and 4.1.x";

    private static final Pattern SUPPORTED_VERSION = Pattern.compile("(3\\.5|4\\.0|4\\.1)\\..*");
    private static final String BOOT_4_MARKER = "org.springframework.boot.bootstrap.BootstrapContext";

    private SpringBootLine() {}

    /** The running Spring Boot version, or {@code null} when its jar does not say (repackaged without manifest). */
    static String version() {
        return SpringBootVersion.getVersion();
    }

    /** Whether {@code version} is on a supported line. */
    static boolean isSupported(String version) {
        return SUPPORTED_VERSION.matcher(version).matches();
    }

    /**
     * Fails when the running Spring Boot is on a line the starter does not support; one line, naming the lines.
     *
     * @throws UnsupportedSpringBootVersionException on an unsupported line
     */
    static void requireSupported() {
        String version = version();
        if (version != null && !isSupported(version)) {
            throw new UnsupportedSpringBootVersionException(version, SUPPORTED);
        }
    }

    /** Whether the application runs Spring Boot 4 (whose bootstrap registry is in its own package). */
    static boolean isBoot4() {
        return ClassUtils.isPresent(BOOT_4_MARKER, SpringBootLine.class.getClassLoader());
    }

    /**
     * What the application registered for {@code type} in the bootstrap registry, or {@code null}.
     * {@code getBootstrapContext()} returns a type of another package on each line, so it is called reflectively: a
     * direct call compiled against one line fails with {@link NoSuchMethodError} on the other.
     *
     * @param holder an object with a {@code getBootstrapContext()} method (an event, a config data context); with
     *     none, there is no bootstrap registry to look in
     */
    static <T> @Nullable T fromBootstrap(Object holder, Class<T> type) {
        Method getter;
        try {
            getter = holder.getClass().getMethod("getBootstrapContext");
        } catch (NoSuchMethodException e) {
            return null;
        }
        try {
            Object bootstrap = getter.invoke(holder);
            if (bootstrap == null) {
                return null;
            }
            Method isRegistered = bootstrap.getClass().getMethod("isRegistered", Class.class);
            if (!(Boolean) isRegistered.invoke(bootstrap, type)) {
                return null;
            }
            return type.cast(bootstrap.getClass().getMethod("get", Class.class).invoke(bootstrap, type));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the bootstrap registry of Spring Boot " + version(), e);
        }
    }
}
