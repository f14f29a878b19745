package dev.xacct.secrets.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.testkit.fencefixture.Leaky;
import dev.xacct.secrets.testkit.internal.ApiFence;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The testkit's API names no internal type; and the fence finds one where it is named. */
class ApiFenceTest {

    @Test
    void theTestkitsApiNamesNoInternalType() {
        assertThat(ApiFence.violationsInModuleOf(World.class)).isEmpty();
    }

    @Test
    void aPublicSignatureNamingAnInternalTypeIsFound() {
        assertThat(ApiFence.violationsIn(List.of(Leaky.class)))
                .containsExactly(
                        "dev.xacct.secrets.testkit.fencefixture.Leaky.field: dev.xacct.secrets.testkit.internal.FormBody",
                        "dev.xacct.secrets.testkit.fencefixture.Leaky.nested() returns: "
                                + "dev.xacct.secrets.testkit.internal.FormBody");
    }
}
