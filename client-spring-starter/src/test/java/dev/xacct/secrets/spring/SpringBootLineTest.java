package dev.xacct.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/** Which Spring Boot versions the starter accepts; this suite runs on each supported line. */
class SpringBootLineTest {

    @Test
    void theLineTheseTestsRunOn_isSupported_andRecognised() {
        String running = SpringBootVersion.getVersion();

        assertThat(SpringBootLine.isSupported(running)).as(running).isTrue();
        assertThat(SpringBootLine.isBoot4()).isEqualTo(running.startsWith("4."));
        SpringBootLine.requireSupported();
    }

    @Test
    void onlyTheTestedLines_areSupported() {
        assertThat(SpringBootLine.isSupported("3.5.0")).isTrue();
        assertThat(SpringBootLine.isSupported("3.5.7")).isTrue();
        assertThat(SpringBootLine.isSupported("4.0.7")).isTrue();
        assertThat(SpringBootLine.isSupported("4.1.2")).isTrue();
        assertThat(SpringBootLine.isSupported("3.4.13")).isFalse();
        assertThat(SpringBootLine.isSupported("3.50.1")).isFalse();
        assertThat(SpringBootLine.isSupported("4.2.0-M1")).isFalse();
        assertThat(SpringBootLine.isSupported("2.7.18")).isFalse();
    }
}
