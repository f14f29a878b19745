package dev.xacct.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    private static final Set<String> OPTIONS = Set.of("--secret", "--region");

    @Test
    void collectsRepeatedValuesInOrderInBothSpellings() throws UsageException {
        Arguments args = Arguments.parse("verify", List.of("--secret", "a", "--secret=b", "--region", "r"), OPTIONS);

        assertThat(args.all("--secret")).containsExactly("a", "b");
        assertThat(args.single("--region")).hasValue("r");
        assertThat(args.single("--secret-not-given")).isEmpty();
        assertThat(args.help()).isFalse();
    }

    @Test
    void aValueMayStartWithOneDashButNotTwo() throws UsageException {
        assertThat(Arguments.parse("verify", List.of("--region", "-x"), OPTIONS).single("--region"))
                .hasValue("-x");
        assertThatThrownBy(() -> Arguments.parse("verify", List.of("--region", "--secret", "a"), OPTIONS))
                .hasMessage("--region needs a value");
    }

    @Test
    void anEqualsSignKeepsTheRestOfTheValue() throws UsageException {
        Arguments args = Arguments.parse("verify", List.of("--secret=a=b"), OPTIONS);

        assertThat(args.all("--secret")).containsExactly("a=b");
    }

    @Test
    void singleRefusesARepeat() throws UsageException {
        Arguments args = Arguments.parse("verify", List.of("--region", "a", "--region", "b"), OPTIONS);

        assertThatThrownBy(() -> args.single("--region"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--region may be given only once, was given 2 times");
    }

    @Test
    void reportsTheFirstMistake() {
        assertThatThrownBy(() -> Arguments.parse("verify", List.of("-x", "--bad"), OPTIONS))
                .hasMessage("unknown option '-x' for verify");
        assertThatThrownBy(() -> Arguments.parse("verify", List.of("--bad=1"), OPTIONS))
                .hasMessage("unknown option '--bad' for verify");
    }

    @Test
    void helpAnywhereWins() throws UsageException {
        assertThat(Arguments.parse("verify", List.of("--bad", "--help"), OPTIONS)
                        .help())
                .isTrue();
        assertThat(Arguments.parse("verify", List.of("-h"), OPTIONS).help()).isTrue();
    }

    @Test
    void aFlagTakesNoValueAndLeavesTheNextArgumentToItsOption() throws UsageException {
        Arguments args =
                Arguments.parse("fix", List.of("--apply", "--report", "r.json"), Set.of("--report"), Set.of("--apply"));

        assertThat(args.flag("--apply")).isTrue();
        assertThat(args.single("--report")).contains("r.json");
        assertThat(Arguments.parse("fix", List.of("--report", "r.json"), Set.of("--report"), Set.of("--apply"))
                        .flag("--apply"))
                .isFalse();
    }
}
