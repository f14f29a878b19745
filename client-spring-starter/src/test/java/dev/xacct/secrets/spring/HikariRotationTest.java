package dev.xacct.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.xacct.secrets.testkit.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The case cross-account secrets exist for: the database credentials are a secret of the account that owns the
 * database, which rotates the password in the database and in the secret together. The application's HikariCP pool,
 * built from {@code spring.datasource.*} imported from that secret, keeps opening connections. A real PostgreSQL,
 * started here (no Docker), with password authentication.
 */
@ExtendWith(OutputCaptureExtension.class)
class HikariRotationTest {

    private static final TestAws AWS = TestAws.get();
    private static final Duration REFRESH_AFTER = Duration.ofMinutes(10);
    private static final String FIRST = "first-" + TestAws.CANARY;
    private static final String SECOND = "second-" + TestAws.CANARY;

    private static EmbeddedPostgres postgres;
    private ConfigurableApplicationContext context;

    @BeforeAll
    static void startPostgres(@TempDir Path data) throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .start();
        // Password authentication for every user but the superuser the test administers the database as.
        Files.writeString(data.resolve("pg_hba.conf"), """
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                """);
        admin("SELECT pg_reload_conf()");
        admin("CREATE ROLE app LOGIN PASSWORD '" + FIRST + "'");
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void close(CapturedOutput output) {
        if (context != null) {
            context.close();
        }
        TestTime.stop();
        assertThat(output).doesNotContain(TestAws.CANARY);
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String currentUser(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_user")) {
            result.next();
            return result.getString(1);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    private static String credentials(String password) {
        return "{\"username\":\"app\",\"password\":\"" + password + "\"}";
    }

    @Test
    void aRotationOfTheDatabasePassword_reachesThePool_whichKeepsOpeningConnections() throws SQLException {
        TestTime.start();
        Secret secret = AWS.rotatingSecret("database", credentials(FIRST));
        context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(AWS.properties())
                .run(
                        "--spring.config.import=xacct-secrets:" + secret.arn() + "?prefix=spring.datasource",
                        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                        "--spring.datasource.hikari.minimum-idle=0",
                        "--spring.datasource.hikari.connection-timeout=5000",
                        "--xacct.secrets.cache.refresh-after=" + REFRESH_AFTER.toMinutes() + "m",
                        "--xacct.secrets.rotation.check-interval=1d");
        HikariDataSource pool = context.getBean(HikariDataSource.class);
        assertThat(currentUser(pool)).isEqualTo("app");

        // The owner rotates: the database first, then the secret, as a rotation function does.
        admin("ALTER ROLE app PASSWORD '" + SECOND + "'");
        secret.rotate(credentials(SECOND));
        TestTime.advance(REFRESH_AFTER.plusMinutes(1));
        XacctSecretsRotation rotation = context.getBean(XacctSecretsRotation.class);
        rotation.checkNow();
        rotation.checkNow();

        // Every connection the pool opens from now on logs in with the new password.
        pool.getHikariPoolMXBean().softEvictConnections();
        assertThat(currentUser(pool)).isEqualTo("app");
        assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(1);
    }
}
