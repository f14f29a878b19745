package dev.xacct.secrets.spring;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * When a changed secret holds {@code spring.datasource.username} or {@code password} (or their
 * {@code spring.datasource.hikari.*} forms), gives the new credentials to each HikariCP pool of
 * {@code spring.datasource.url}: its new connections log in with them, open ones carry on. A pool of another database
 * is left alone. Without this the pool would keep the credentials it was built with, and fail to open connections once
 * the database has the new password.
 */
final class HikariCredentials implements ApplicationListener<XacctSecretsChangedEvent> {

    private static final Logger log = LoggerFactory.getLogger(HikariCredentials.class);
    private static final Set<String> CREDENTIALS = Set.of(
            "spring.datasource.username",
            "spring.datasource.password",
            "spring.datasource.hikari.username",
            "spring.datasource.hikari.password");

    private final ObjectProvider<DataSource> dataSources;
    private final Environment environment;

    HikariCredentials(ObjectProvider<DataSource> dataSources, Environment environment) {
        this.dataSources = dataSources;
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(XacctSecretsChangedEvent event) {
        if (event.getKeys().stream().noneMatch(CREDENTIALS::contains)) {
            return;
        }
        String username = property("username");
        String password = property("password");
        String hikariUrl = environment.getProperty("spring.datasource.hikari.jdbc-url");
        String url = hikariUrl != null ? hikariUrl : environment.getProperty("spring.datasource.url");
        dataSources.orderedStream().forEach(dataSource -> {
            HikariDataSource pool = hikari(dataSource);
            // Only the pools built from spring.datasource.*: another pool of the application has other credentials.
            if (pool != null && (url == null || url.equals(pool.getJdbcUrl()))) {
                HikariConfigMXBean config = pool.getHikariConfigMXBean();
                if (username != null) {
                    config.setUsername(username);
                }
                if (password != null) {
                    config.setPassword(password);
                }
                log.info(
                        "Gave the new credentials of {} to the HikariCP pool {}",
                        event.getSecret(),
                        pool.getPoolName());
            }
        });
    }

    private @Nullable String property(String name) {
        String hikari = environment.getProperty("spring.datasource.hikari." + name);
        return hikari != null ? hikari : environment.getProperty("spring.datasource." + name);
    }

    private static @Nullable HikariDataSource hikari(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource pool) {
            return pool;
        }
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }
}
