package dev.xacct.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

/** Which pools get rotated credentials: the ones of spring.datasource.url, and only for a credentials change. */
class HikariCredentialsTest {

    private static final String URL = "jdbc:postgresql://db.internal:5432/app";

    private final HikariDataSource appPool = pool(URL, "old-password");
    private final HikariDataSource otherPool = pool("jdbc:postgresql://reporting.internal:5432/reports", "other");
    private final MockEnvironment environment = new MockEnvironment()
            .withProperty("spring.datasource.url", URL)
            .withProperty("spring.datasource.username", "app")
            .withProperty("spring.datasource.password", "new-password");
    private final HikariCredentials credentials;

    HikariCredentialsTest() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("appPool", appPool);
        beans.registerSingleton("otherPool", otherPool);
        credentials = new HikariCredentials(beans.getBeanProvider(DataSource.class), environment);
    }

    private static HikariDataSource pool(String url, String password) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("someone");
        pool.setPassword(password);
        return pool;
    }

    @AfterEach
    void close() {
        appPool.close();
        otherPool.close();
    }

    @Test
    void aChangedPassword_reachesThePoolOfSpringDatasourceUrl_only() {
        credentials.onApplicationEvent(
                new XacctSecretsChangedEvent(this, "xacct-secrets:db", Set.of("spring.datasource.password")));

        assertThat(appPool.getPassword()).isEqualTo("new-password");
        assertThat(appPool.getUsername()).isEqualTo("app");
        assertThat(otherPool.getPassword()).isEqualTo("other");
        assertThat(otherPool.getUsername()).isEqualTo("someone");
    }

    @Test
    void aChangeOfOtherProperties_leavesThePoolsAlone() {
        credentials.onApplicationEvent(
                new XacctSecretsChangedEvent(this, "xacct-secrets:flags", Set.of("app.feature")));

        assertThat(appPool.getPassword()).isEqualTo("old-password");
    }
}
