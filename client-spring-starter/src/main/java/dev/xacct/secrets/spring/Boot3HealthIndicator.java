package dev.xacct.secrets.spring;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.util.ClassUtils;

/**
 * The health indicator on Spring Boot 3.5, where Actuator's type is
 * {@code org.springframework.boot.actuate.health.HealthIndicator}. The starter is compiled against Spring Boot 4, where
 * that type does not exist, so the indicator is a proxy of the running line's interface that builds Actuator's
 * {@code Health} reflectively from the same {@link XacctSecretsReadOutcomes#summary()} as the Spring Boot 4 one.
 * A factory bean, so that Actuator finds it by its type before it is created.
 */
final class Boot3HealthIndicator implements FactoryBean<Object> {

    static final String INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";
    private static final String HEALTH = "org.springframework.boot.actuate.health.Health";

    private final XacctSecretsReadOutcomes outcomes;
    private final Class<?> indicatorType;
    private final Method up;
    private final Method down;
    private final Method withDetails;
    private final Method build;

    Boot3HealthIndicator(XacctSecretsReadOutcomes outcomes) {
        this.outcomes = outcomes;
        ClassLoader loader = Boot3HealthIndicator.class.getClassLoader();
        try {
            indicatorType = ClassUtils.forName(INDICATOR, loader);
            Class<?> health = ClassUtils.forName(HEALTH, loader);
            Class<?> builder = ClassUtils.forName(HEALTH + "$Builder", loader);
            up = health.getMethod("up");
            down = health.getMethod("down");
            withDetails = builder.getMethod("withDetails", Map.class);
            build = builder.getMethod("build");
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("Spring Boot Actuator's health API is not the one of Spring Boot 3.5", e);
        }
    }

    @Override
    public Object getObject() {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "health" -> health();
            case "toString" -> "XacctSecretsHealthIndicator[" + outcomes + "]";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args) : unsupported(method);
        };
        return Proxy.newProxyInstance(indicatorType.getClassLoader(), new Class<?>[] {indicatorType}, handler);
    }

    private Object health() throws ReflectiveOperationException {
        XacctSecretsReadOutcomes.Summary summary = outcomes.summary();
        Object builder = (summary.up() ? up : down).invoke(null);
        return build.invoke(withDetails.invoke(builder, summary.details()));
    }

    private static Object unsupported(Method method) {
        throw new UnsupportedOperationException(method.toString());
    }

    @Override
    public Class<?> getObjectType() {
        return indicatorType;
    }
}
