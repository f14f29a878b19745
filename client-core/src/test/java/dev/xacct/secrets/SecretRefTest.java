package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/** Parsing secret references: every accepted form, and every bad input named. */
class SecretRefTest {

    private static final String FULL = "arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbC123";

    @Test
    void fullArn_isParsedIntoItsParts() {
        SecretRef ref = SecretRef.parse(FULL);

        assertThat(ref.isFullArn()).isTrue();
        assertThat(ref.partition()).isEqualTo("aws");
        assertThat(ref.region()).isEqualTo("us-east-1");
        assertThat(ref.accountId()).isEqualTo("111111111111");
        assertThat(ref.name()).isEqualTo("app/db");
        assertThat(ref.secretId()).isEqualTo(FULL);
        assertThat(ref.toString()).isEqualTo(FULL);
    }

    @Test
    void partialArn_hasNoSuffix() {
        SecretRef ref = SecretRef.parse("arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db");

        assertThat(ref.isFullArn()).isFalse();
        assertThat(ref.name()).isEqualTo("app/db");
        assertThat(ref.secretId()).isEqualTo("arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db");
    }

    @Test
    void otherPartitions_areAccepted() {
        assertThat(SecretRef.parse("arn:aws-us-gov:secretsmanager:us-gov-west-1:111111111111:secret:x-AbC123")
                        .partition())
                .isEqualTo("aws-us-gov");
        assertThat(SecretRef.parse("arn:aws-cn:secretsmanager:cn-north-1:111111111111:secret:x")
                        .partition())
                .isEqualTo("aws-cn");
    }

    @Test
    void bareName_isReadInTheCallersOwnAccount() {
        SecretRef ref = SecretRef.parse("app/db");

        assertThat(ref.hasOwner()).isFalse();
        assertThat(ref.secretId()).isEqualTo("app/db");
    }

    @Test
    void nameWithOwnerAndRegion_isAPartialArn() {
        SecretRef ref = SecretRef.of("app/db", "111111111111", "us-gov-west-1");

        assertThat(ref.secretId()).isEqualTo("arn:aws-us-gov:secretsmanager:us-gov-west-1:111111111111:secret:app/db");
    }

    @Test
    void nameWithOwnerButNoRegion_takesTheClientsRegionLater() {
        SecretRef ref = SecretRef.of("app/db", "111111111111");

        assertThat(ref.region()).isNull();
        assertThat(ref.inRegion("eu-west-1").secretId())
                .isEqualTo("arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db");
        assertThatThrownBy(ref::secretId).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void partialReference_isPinnedToTheFullArnKeepingTheVersion() {
        SecretRef partial = SecretRef.of("app/db", "111111111111", "us-east-1").withVersionStage("AWSPREVIOUS");

        SecretRef pinned = partial.pinnedTo(FULL);

        assertThat(pinned.isFullArn()).isTrue();
        assertThat(pinned.versionStage()).isEqualTo("AWSPREVIOUS");
        assertThat(pinned.secretOnly()).isEqualTo(SecretRef.parse(FULL));
    }

    @Test
    void equality_isByValue_includingTheVersion() {
        assertThat(SecretRef.parse(FULL)).isEqualTo(SecretRef.parse(FULL)).hasSameHashCodeAs(SecretRef.parse(FULL));
        assertThat(SecretRef.parse(FULL)).isNotEqualTo(SecretRef.parse(FULL).withVersionStage("AWSPREVIOUS"));
        assertThat(SecretRef.parse(FULL).withVersionStage("AWSPENDING").toString())
                .endsWith("@AWSPENDING");
    }

    @Test
    void nameEndingLikeASuffix_isFlagged() {
        assertThat(SecretRef.of("db-abcdef", "111111111111").nameLooksSuffixed())
                .isTrue();
        assertThat(SecretRef.of("db", "111111111111").nameLooksSuffixed()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "arn:aws:secretsmanager  | is not an ARN",
                "arn:aws:kms:us-east-1:111111111111:key/1234 | is a kms ARN, not a Secrets Manager secret ARN",
                "arn:aws:iam::111111111111:role/R | is an iam ARN, not a Secrets Manager secret ARN",
                "arn:aws:secretsmanager:us-east-1:111111111111:rotation:x | names the resource 'rotation:x', not a secret",
                "arn:aws:secretsmanager:us-east-1:111111111111:secret: | is not an ARN (resource must not be blank",
                "arn:aws:secretsmanager:mars-1:111111111111:secret:x | unknown region 'mars-1'",
                "arn:aws-cn:secretsmanager:us-east-1:111111111111:secret:x | region us-east-1 is in partition aws, not 'aws-cn'",
                "arn:aws-mars:secretsmanager:us-east-1:111111111111:secret:x | not 'aws-mars'",
                "arn:aws:secretsmanager:us-east-1:1111:secret:x | the account id must be 12 digits, was: '1111'",
                "arn:aws:secretsmanager::111111111111:secret:x | has no region",
                "arn:aws:secretsmanager:us-east-1::secret:x | has no account id",
                "arn:aws:secretsmanager:us-east-1:111111111111:secret:bad name-AbC123 | a secret name is 1-512 letters",
                "app db | a secret name is 1-512 letters",
            })
    void badInput_isNamed(String input, String expected) {
        assertThatThrownBy(() -> SecretRef.parse(input))
                .isInstanceOf(InvalidSecretRefException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void emptyOrNull_isNamed() {
        assertThatThrownBy(() -> SecretRef.parse(" "))
                .hasMessage("a secret reference must be a secret ARN or name, " + "was: ' '");
        assertThatThrownBy(() -> SecretRef.parse(null)).hasMessageContaining("was: null");
    }

    @Test
    void crossAccountNameWithoutOwner_isRefused() {
        assertThatThrownBy(() -> SecretRef.of("app/db", null))
                .isInstanceOf(InvalidSecretRefException.class)
                .hasMessageContaining("the owner account of secret 'app/db' is required");
    }

    @Test
    void badVersionSelectors_areNamed() {
        assertThatThrownBy(() -> SecretRef.parse(FULL).withVersionStage("has space"))
                .hasMessageStartingWith("versionStage must be");
        assertThatThrownBy(() -> SecretRef.parse(FULL).withVersionId("short"))
                .hasMessageStartingWith("versionId must be 32-64");
    }

    @Test
    void blankRegionInAnArn_isAnInvalidReferenceNamingIt() {
        assertThatThrownBy(() -> SecretRef.parse("arn:aws:secretsmanager: :111111111111:secret:app/db"))
                .isInstanceOf(InvalidSecretRefException.class)
                .hasMessageContaining("the region is blank, was: ' '");
        assertThatThrownBy(() -> SecretRef.of("app/db", "111111111111", " "))
                .isInstanceOf(InvalidSecretRefException.class)
                .hasMessageContaining("the region is blank");
    }

    @Test
    void hugeOrMultiLineInput_isQuotedShortEscapedAndOnOneLine() {
        String forged = "app/db\n2026-01-01 INFO forged log line\r\u0007" + "x".repeat(2 * 1024 * 1024);
        for (String input : new String[] {
            forged,
            "arn:aws:secretsmanager:us-east-1:111111111111:secret:" + forged,
            "arn:aws:kms:us-east-1:111111111111:key/" + forged
        }) {
            assertThatThrownBy(() -> SecretRef.parse(input))
                    .isInstanceOf(InvalidSecretRefException.class)
                    .satisfies(e -> assertThat(e.getMessage())
                            .hasSizeLessThan(1000)
                            .doesNotContain("\n")
                            .doesNotContain("\r")
                            .doesNotContain("\u0007")
                            .contains("\\n2026-01-01 INFO forged log line\\r\\u0007")
                            .contains(" characters)"));
        }
    }

    @Test
    void thePartitionTable_agreesWithTheSdksMetadata_forEveryRegionItKnows_andSomeItDoesNot() {
        int tabled = 0;
        for (Region region : Region.regions()) {
            String partition = SecretRef.tabledPartition(region.id());
            if (region.isGlobalRegion()) {
                assertThat(partition).as(region.id()).isNull();
            } else {
                assertThat(partition)
                        .as(region.id())
                        .isEqualTo(PartitionMetadata.of(region).id());
                tabled++;
            }
        }
        assertThat(tabled).isGreaterThan(30);
        for (String unknown : java.util.List.of(
                "us-east-99",
                "ap-nowhere-7",
                "cn-far-3",
                "us-gov-new-2",
                "us-isob-west-5",
                "eu-isoe-north-1",
                "us-isof-east-9",
                "eusc-de-west-4",
                "mx-central-8")) {
            assertThat(SecretRef.tabledPartition(unknown))
                    .as(unknown)
                    .isEqualTo(PartitionMetadata.of(Region.of(unknown)).id());
        }
        for (String unmatched : java.util.List.of("xx-east-1", "aws-global", "us-east", "useast1")) {
            assertThat(SecretRef.tabledPartition(unmatched)).as(unmatched).isNull();
        }
    }
}
