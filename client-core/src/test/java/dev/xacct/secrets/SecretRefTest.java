package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** The patterns the parse used before its checks were written out, as the model those must agree with. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");

    private static final Pattern SUFFIXED = Pattern.compile("(.+)-([A-Za-z0-9]{6})");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    @Test
    void theWrittenOutChecks_acceptWhatThePatternsAccepted_andSplitTheSuffixAlike() {
        for (String name : java.util.List.of(
                "-abc123", "a-abc123", "--abc123", "a-abc12", "a-abc1234", "a-abc12\u00e9", "a\n-abc123", "a-ABC12-")) {
            assertParsesAsThePatternsDid(name, "111111111111");
        }
        for (String account : java.util.List.of("11111111111", "1111111111111", "11111111111\u0663", "")) {
            assertParsesAsThePatternsDid("app/db-AbC123", account);
        }
        Random random = new Random(20261202);
        String nameCharacters = "aZ09xQ/_+=.@-------:\u00e9\n\u2028 ";
        String accountCharacters = "0123456789\u0663a";
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            String name = randomText(random, nameCharacters, random.nextInt(i % 100 == 0 ? 530 : 14));
            String account = random.nextInt(4) == 0
                    ? randomText(random, accountCharacters, 11 + random.nextInt(3))
                    : "111111111111";
            valid += assertParsesAsThePatternsDid(name, account) ? 1 : 0;
        }
        assertThat(valid).as("generated ARNs that are valid").isBetween(1_000, 19_000);
    }

    /** Parses the ARN of {@code name} in {@code account}, and the bare name, as the patterns decide; whether valid. */
    private static boolean assertParsesAsThePatternsDid(String name, String account) {
        String arn = "arn:aws:secretsmanager:us-east-1:" + account + ":secret:" + name;
        String fullName = arn.strip().substring(arn.indexOf(":secret:") + ":secret:".length());
        Matcher suffixed = SUFFIXED.matcher(fullName);
        boolean hasSuffix = suffixed.matches();
        String expectedName = hasSuffix ? suffixed.group(1) : fullName;
        boolean valid =
                ACCOUNT.matcher(account).matches() && NAME.matcher(expectedName).matches();
        if (valid) {
            SecretRef ref = SecretRef.parse(arn);
            assertThat(ref.name()).as(arn).isEqualTo(expectedName);
            assertThat(ref.isFullArn()).as(arn).isEqualTo(hasSuffix);
            assertThat(ref.secretId()).as(arn).isEqualTo(arn.strip());
        } else {
            assertThatThrownBy(() -> SecretRef.parse(arn)).as(arn).isInstanceOf(InvalidSecretRefException.class);
        }
        if (!name.isBlank() && NAME.matcher(name.strip()).matches()) {
            assertThat(SecretRef.parse(name).name()).as(name).isEqualTo(name.strip());
        } else {
            assertThatThrownBy(() -> SecretRef.parse(name)).as(name).isInstanceOf(InvalidSecretRefException.class);
        }
        return valid;
    }

    private static String randomText(Random random, String characters, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(characters.charAt(random.nextInt(characters.length())));
        }
        return text.toString();
    }
}
