package dev.xacct.secrets.spring;

import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretValue;
import dev.xacct.secrets.XacctSecretsClient;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads an imported secret and turns it into a property source named after the import.
 *
 * <p>A secret that cannot be read fails startup with its {@link SecretAccessException}, whose failure report names
 * the missing policy and the statement to add; an {@code optional:} one is skipped, with a warning that names the
 * diagnosis code. Values are never logged; the imported property names are, at debug level.
 */
public class XacctSecretsConfigDataLoader implements ConfigDataLoader<XacctSecretsConfigDataResource> {

    private final Log log;

    /**
     * Creates the loader.
     *
     * @param logFactory logs that are replayed once logging is set up (it is not yet, at import time)
     */
    public XacctSecretsConfigDataLoader(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(XacctSecretsConfigDataLoader.class);
    }

    @Override
    public ConfigData load(ConfigDataLoaderContext context, XacctSecretsConfigDataResource resource) {
        ImportClient importClient = context.getBootstrapContext().get(ImportClient.class);
        if (!importClient.properties().isEnabled()) {
            log.info("Not importing " + resource + ": " + XacctSecretsProperties.CONFIG_PREFIX + ".enabled is false");
            return ConfigData.EMPTY;
        }
        SecretValue value;
        try {
            value = context.getBootstrapContext().get(XacctSecretsClient.class).get(resource.getSecret());
        } catch (SecretAccessException e) {
            importClient.imports().add(resource.getSecret(), e.code(), resource.optional());
            if (resource.optional()) {
                log.warn("Skipped optional import " + resource + ": " + e.code() + ": " + e.diagnosis().summary());
                return ConfigData.EMPTY;
            }
            // Startup ends with this exception: nothing will close the bootstrap context.
            importClient.close();
            throw e;
        }
        Map<String, Object> properties;
        try {
            properties = SecretProperties.of(value, resource);
        } catch (InvalidSecretImportException e) {
            importClient.close();
            throw e;
        }
        importClient.imports().add(resource.getSecret(), DiagnosisCode.OK, resource.optional());
        if (log.isDebugEnabled()) {
            log.debug("Imported " + resource + " as " + properties.keySet());
        }
        return new ConfigData(List.of(new MapPropertySource(resource.toString(), properties)));
    }
}
