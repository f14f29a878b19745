package dev.xacct.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xacct.secrets.SecretRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyRequestTest {

    private static final SecretRef NAME = SecretRef.parse("app/db");
    private static final SecretRef ARN =
            SecretRef.parse("arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db-AbC123");

    @Test
    void theSdkRegionChainComesFirst() throws UsageException {
        assertThat(VerifyRequest.defaultRegion(() -> "us-west-2", List.of(ARN))).isEqualTo("us-west-2");
    }

    @Test
    void withoutOneTheFirstArnThatNamesARegionIsUsed() throws UsageException {
        assertThat(VerifyRequest.defaultRegion(() -> null, List.of(NAME, ARN))).isEqualTo("eu-west-1");
    }

    @Test
    void withNeitherRegionIsNeeded() {
        assertThatThrownBy(() -> VerifyRequest.defaultRegion(() -> null, List.of(NAME)))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--region is needed");
    }

    @Test
    void theRegionChainIsAskedOnlyWithoutRegion() throws UsageException {
        Arguments args = Arguments.parse(
                "verify",
                List.of("--secret", ARN.toString(), "--region", "us-east-1", "--format", "json"),
                VerifyRequest.OPTIONS);

        VerifyRequest request = VerifyRequest.of(args, () -> {
            throw new AssertionError("the region chain must not be asked when --region is given");
        });

        assertThat(request.secrets()).containsExactly(ARN);
        assertThat(request.format()).isEqualTo(OutputFormat.JSON);
    }

    @Test
    void aNameOnlyRequestWithoutAnyRegionIsBadUsage() throws UsageException {
        Arguments args = Arguments.parse("verify", List.of("--secret", "app/db"), VerifyRequest.OPTIONS);

        assertThatThrownBy(() -> VerifyRequest.of(args, () -> null))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--region is needed");
    }
}
