package dev.xacct.secrets.spring;

import java.util.List;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;

/**
 * Resolves {@code spring.config.import=xacct-secrets:SECRET_ARN[?prefix=NAME | ?property=NAME]} into one
 * {@link XacctSecretsConfigDataResource} per import, honouring {@code optional:}. A malformed import fails startup
 * here, optional or not.
 *
 * <p>It reads no setting: at this point Spring Boot has not read every configuration file yet (profile-specific files
 * come later), so the secrets are read once the environment is complete (see {@link ImportActivator}).
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
    public List<XacctSecretsConfigDataResource> resolve(
            ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return List.of(XacctSecretsConfigDataResource.parse(location));
    }
}
