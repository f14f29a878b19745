package dev.xacct.secrets.spring;

import java.lang.reflect.Proxy;
import org.springframework.boot.SpringApplication;
import org.springframework.util.ClassUtils;

/**
 * Registers an instance in an application's bootstrap registry, on either Spring Boot line: Spring Boot 4 moved
 * {@code BootstrapRegistryInitializer} and {@code BootstrapRegistry} to {@code org.springframework.boot.bootstrap}, so
 * the tests, which run on both lines, do reflectively what an application does directly.
 */
final class TestBootstrap {

    private TestBootstrap() {}

    static <T> void register(SpringApplication application, Class<T> type, T instance) {
        String pkg = ClassUtils.isPresent("org.springframework.boot.bootstrap.BootstrapRegistry", null)
                ? "org.springframework.boot.bootstrap."
                : "org.springframework.boot.";
        try {
            ClassLoader loader = TestBootstrap.class.getClassLoader();
            Class<?> initializer = ClassUtils.forName(pkg + "BootstrapRegistryInitializer", loader);
            Class<?> registry = ClassUtils.forName(pkg + "BootstrapRegistry", loader);
            Class<?> supplier = ClassUtils.forName(pkg + "BootstrapRegistry$InstanceSupplier", loader);
            Object instanceSupplier = supplier.getMethod("of", Object.class).invoke(null, instance);
            Object proxy = Proxy.newProxyInstance(loader, new Class<?>[] {initializer}, (self, method, args) -> {
                if (method.getName().equals("initialize")) {
                    registry.getMethod("register", Class.class, supplier).invoke(args[0], type, instanceSupplier);
                    return null;
                }
                return method.getName().equals("toString") ? "TestBootstrap" : null;
            });
            SpringApplication.class
                    .getMethod("addBootstrapRegistryInitializer", initializer)
                    .invoke(application, proxy);
        } catch (ReflectiveOperationException e) {
            throw new LinkageError("not on this Spring Boot line", e);
        }
    }
}
