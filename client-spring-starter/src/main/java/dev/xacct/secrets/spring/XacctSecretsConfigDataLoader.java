package dev.xacct.secrets.spring;

import java.util.List;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;

/**
 * Turns each {@code xacct-secrets:} import into a property source named after it. Spring Boot makes one loader per
 * application run, so the loader holds that run's {@link ImportSession}.
 *
 * <p>The secret is not read here: Spring Boot is still reading the configuration, and the {@code xacct.secrets.*}
 * settings of profile-specific files, say, are not known yet. The property source stays empty until the environment
 * is complete; then {@link ImportActivator} reads every import with the application's settings. A secret that cannot
 * be read fails startup then, with its {@link dev.xacct.secrets.SecretAccessException}, whose failure report names
 * the missing policy; an {@code optional:} one is skipped with a warning naming the diagnosis code.
 */
public class XacctSecretsConfigDataLoader implements ConfigDataLoader<XacctSecretsConfigDataResource> {

    private final ImportSession session = new ImportSession();

    @Override
    public ConfigData load(ConfigDataLoaderContext context, XacctSecretsConfigDataResource resource) {
        return new ConfigData(List.of(session.add(resource)));
    }
}
