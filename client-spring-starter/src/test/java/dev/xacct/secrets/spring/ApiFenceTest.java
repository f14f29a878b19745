package dev.xacct.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.testkit.internal.ApiFence;
import org.junit.jupiter.api.Test;

/** The fence around the starter's API: no public or protected signature outside {@code .internal} names an internal type. */
class ApiFenceTest {

    @Test
    void theApiNamesNoInternalType() {
        assertThat(ApiFence.violationsInModuleOf(XacctSecretsAutoConfiguration.class))
                .isEmpty();
    }
}
