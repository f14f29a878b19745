package dev.xacct.secrets.spring;

import java.lang.reflect.Method;
import java.util.Map;
import org.springframework.context.ApplicationContext;

/**
 * The starter's health as Actuator sees it, on either Spring Boot line: Spring Boot 4's
 * {@code org.springframework.boot.health.contributor.Health} and Spring Boot 3's
 * {@code org.springframework.boot.actuate.health.Health} have the same methods, in different packages, so the tests,
 * which run on both lines, read them reflectively.
 */
final class TestHealth {

    /** The indicator's bean name, on both lines. */
    static final String BEAN = "xacctSecretsHealthIndicator";

    /** A health: its status code and details. */
    record View(String status, Map<String, Object> details) {}

    private TestHealth() {}

    /** What the indicator bean reports now. */
    static View indicator(ApplicationContext context) {
        Object indicator = context.getBean(BEAN);
        return view(call(indicator, "health"));
    }

    /** What Actuator's health endpoint reports for {@code path}. */
    static View endpoint(ApplicationContext context, String path) {
        Object endpoint = context.getBean("healthEndpoint");
        try {
            Method forPath = endpoint.getClass().getMethod("healthForPath", String[].class);
            return view(forPath.invoke(endpoint, (Object) new String[] {path}));
        } catch (ReflectiveOperationException e) {
            throw new LinkageError("not on this Spring Boot line", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static View view(Object health) {
        Object status = call(health, "getStatus");
        return new View((String) call(status, "getCode"), (Map<String, Object>) call(health, "getDetails"));
    }

    private static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new LinkageError("no " + method + "() on " + target.getClass(), e);
        }
    }
}
