package dev.xacct.secrets.testkit.internal.iam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * ARN matching as the Resource element and the Arn* operators do it (IAM User Guide, "IAM JSON policy elements:
 * Resource" and "Amazon Resource Name (ARN) condition operators"): each of the six colon-separated parts is matched
 * on its own, so a wildcard cannot reach across a colon, except in the resource part, which keeps its colons.
 */
class ArnPatternsTest {

    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:111122223333:secret:app/db-AbCdEf";

    @Test
    void wildcardsMatchWithinEachPart() {
        assertThat(ArnPatterns.matches("*", SECRET)).isTrue();
        assertThat(ArnPatterns.matches("arn:aws:secretsmanager:*:111122223333:secret:app/db-??????", SECRET))
                .isTrue();
        assertThat(ArnPatterns.matches("arn:aws:secretsmanager:us-east-1:*:secret:app/*", SECRET))
                .isTrue();
        assertThat(ArnPatterns.matches("arn:aws:secretsmanager:us-east-1:111122223333:secret:app/db", SECRET))
                .isFalse();
        assertThat(ArnPatterns.matches("arn:aws:secretsmanager:us-east-1:111122223333:secret:app/db-?????", SECRET))
                .isFalse();
    }

    @Test
    void aWildcardDoesNotReachAcrossAColonBeforeTheResourcePart() {
        // As one string, "arn:aws:*:secret:*" would match; part by part, "*" stands for the service only.
        assertThat(ArnPatterns.matches("arn:aws:*:111122223333:secret:*", SECRET))
                .isFalse();
        assertThat(ArnPatterns.matches("arn:aws:*:*:111122223333:secret:*", SECRET))
                .isTrue();
    }

    @Test
    void theResourcePartKeepsItsColons() {
        assertThat(ArnPatterns.matches("arn:aws:secretsmanager:us-east-1:111122223333:*", SECRET))
                .isTrue();
        assertThat(ArnPatterns.matches("arn:aws:secretsmanager:us-east-1:111122223333:secret*", SECRET))
                .isTrue();
        assertThat(ArnPatterns.matches("arn:aws:secretsmanager:us-east-1:111122223333:secret", SECRET))
                .isFalse();
    }

    @Test
    void matchingIsCaseSensitive() {
        assertThat(ArnPatterns.matches("arn:aws:secretsmanager:us-east-1:111122223333:secret:APP/*", SECRET))
                .isFalse();
    }

    @Test
    void withFewerThanSixPartsTheWholeStringsAreGlobbed() {
        assertThat(ArnPatterns.matches("arn:aws:*", SECRET)).isTrue();
        assertThat(ArnPatterns.matches("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket/key"))
                .isTrue();
        assertThat(ArnPatterns.matches("not-an-arn*", "not-an-arn-at-all")).isTrue();
        assertThat(ArnPatterns.matches("arn:*", "not-an-arn")).isFalse();
    }
}
