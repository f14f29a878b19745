package dev.xacct.secrets.spring;

import java.util.List;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;

/**
 * Resolves {@code spring.config.import=xacct-secrets:SECRET_ARN[?prefix=NAME | ?property=NAME]} into one
 * {@link XacctSecretsConfigDataResource} per import, honouring {@code optional:}.
 *
 * <p>On the first import it registers, in the bootstrap context, the client that reads the secrets: built from the
 * {@code xacct.secrets.*} properties visible at that point (the application's property files, system properties,
 * environment variables, command-line arguments), and closed when the bootstrap context closes.
 */
public class XacctSecretsConfigDataLocationResolver
        implements ConfigDataLocationResolver<XacctSecretsConfigDataResource> {

    /** The prefix of an import location. */
    public static final String PREFIX = "xacct-secrets:";

    @Override
    public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return location.hasPrefix(PREFIX);
    }

    @Override
    public List<XacctSecretsConfigDataResource> resolve(ConfigDataLocationResolverContext context,
            ConfigDataLocation location) {
        // Parse first: a malformed import fails startup, optional or not, before any client is built.
        XacctSecretsConfigDataResource resource = XacctSecretsConfigDataResource.parse(location);
        ImportClient.register(context.getBootstrapContext(), context.getBinder());
        return List.of(resource);
    }
}
