package dev.xacct.secrets.testkit.internal.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policy variables as the IAM User Guide, "IAM policy elements: Variables and tags", describes them. */
class PolicyVariablesTest {

    private static final RequestContext CONTEXT = RequestContext.of(
            Map.of(
                    "aws:ResourceOrgID", List.of("o-a1b2c3d4e5"),
                    "aws:SourceIp", List.of("10.0.0.1", "10.0.0.2")),
            IamFixtures.USER);

    @Test
    void aVariableOfAKeyInTheContext_isReplacedByItsValue_keyNamesCaseInsensitive() {
        assertThat(PolicyVariables.substitute("home/${aws:username}/*", CONTEXT))
                .contains("home/deployer/*");
        assertThat(PolicyVariables.substitute("${AWS:PrincipalAccount}:${aws:resourceorgid}", CONTEXT))
                .contains(IamFixtures.APP + ":o-a1b2c3d4e5");
    }

    @Test
    void anAbsentKey_makesTheValueUnusable_unlessADefaultIsGiven() {
        assertThat(PolicyVariables.substitute("${aws:PrincipalTag/team}", CONTEXT))
                .isEmpty();
        assertThat(PolicyVariables.substitute("${aws:PrincipalTag/team, 'none'}/x", CONTEXT))
                .contains("none/x");
    }

    @Test
    void aMultiValuedKey_cannotBeAVariable() {
        assertThat(PolicyVariables.substitute("${aws:SourceIp}", CONTEXT)).isEmpty();
    }

    @Test
    void specialCharacters_standForThemselves() {
        assertThat(PolicyVariables.substitute("a${*}b${?}c${$}", CONTEXT)).contains("a*b?c$");
    }

    @Test
    void textWithoutVariables_isUnchanged() {
        assertThat(PolicyVariables.substitute("arn:aws:s3:::bucket/$x{y}", CONTEXT))
                .contains("arn:aws:s3:::bucket/$x{y}");
    }
}
