package dev.xacct.secrets.spring;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * With Spring Cloud Context, a changed secret does what Spring Cloud's own refresh does once it has the new
 * properties: an {@link EnvironmentChangeEvent} with the changed names (which rebinds {@code @ConfigurationProperties}
 * beans), then a refresh of the refresh scope (whose {@code @RefreshScope} beans are created again on next use). The
 * {@code Environment} already has the new values, so nothing is reloaded.
 */
final class SpringCloudRebinding implements ApplicationListener<XacctSecretsChangedEvent> {

    private final ApplicationContext context;
    private final ObjectProvider<RefreshScope> refreshScope;

    SpringCloudRebinding(ApplicationContext context, ObjectProvider<RefreshScope> refreshScope) {
        this.context = context;
        this.refreshScope = refreshScope;
    }

    @Override
    public void onApplicationEvent(XacctSecretsChangedEvent event) {
        context.publishEvent(new EnvironmentChangeEvent(context, event.getKeys()));
        refreshScope.ifAvailable(RefreshScope::refreshAll);
    }
}
