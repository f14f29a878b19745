package dev.xacct.secrets.testkit.internal.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The clauses a denial contributes to AWS's AccessDenied message, word for word. */
class DecisionTest {

    private static final String GET = "secretsmanager:GetSecretValue";

    @ParameterizedTest
    @MethodSource("reasons")
    void reasonIsWordedAsAws(Decision decision, String expected) {
        assertThat(decision.reason(GET)).isEqualTo(expected);
    }

    static Stream<Arguments> reasons() {
        return Stream.of(
                argumentSet(
                        "implicit, identity-based",
                        Decision.implicitDeny(PolicyType.IDENTITY_BASED),
                        "because no identity-based policy allows the secretsmanager:GetSecretValue action"),
                argumentSet(
                        "implicit, resource-based",
                        Decision.implicitDeny(PolicyType.RESOURCE_BASED),
                        "because no resource-based policy allows the secretsmanager:GetSecretValue action"),
                argumentSet(
                        "implicit, service control",
                        Decision.implicitDeny(PolicyType.SERVICE_CONTROL),
                        "because no service control policy allows the secretsmanager:GetSecretValue action"),
                argumentSet(
                        "implicit, permissions boundary",
                        Decision.implicitDeny(PolicyType.PERMISSIONS_BOUNDARY),
                        "because no permissions boundary allows the secretsmanager:GetSecretValue action"),
                argumentSet(
                        "implicit, session",
                        Decision.implicitDeny(PolicyType.SESSION),
                        "because no session policy allows the secretsmanager:GetSecretValue action"),
                argumentSet(
                        "explicit, resource-based",
                        Decision.explicitDeny(PolicyType.RESOURCE_BASED),
                        "with an explicit deny in a resource-based policy"),
                argumentSet(
                        "explicit, identity-based",
                        Decision.explicitDeny(PolicyType.IDENTITY_BASED),
                        "with an explicit deny in an identity-based policy"),
                argumentSet(
                        "explicit, service control",
                        Decision.explicitDeny(PolicyType.SERVICE_CONTROL),
                        "with an explicit deny in a service control policy"),
                argumentSet(
                        "explicit, permissions boundary",
                        Decision.explicitDeny(PolicyType.PERMISSIONS_BOUNDARY),
                        "with an explicit deny in a permissions boundary"),
                argumentSet(
                        "explicit, session",
                        Decision.explicitDeny(PolicyType.SESSION),
                        "with an explicit deny in a session policy"));
    }

    @Test
    void allow_hasNoPolicyTypeAndNoReason() {
        Decision allow = Decision.allow();

        assertThat(allow.allowed()).isTrue();
        assertThat(allow.explicitDeny()).isFalse();
        assertThat(allow.policyType()).isNull();
        assertThatThrownBy(() -> allow.reason(GET)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void denials_carryTheirKindAndPolicyType() {
        assertThat(Decision.explicitDeny(PolicyType.SESSION))
                .returns(false, Decision::allowed)
                .returns(true, Decision::explicitDeny)
                .returns(PolicyType.SESSION, Decision::policyType);
        assertThat(Decision.implicitDeny(PolicyType.SESSION))
                .returns(false, Decision::allowed)
                .returns(false, Decision::explicitDeny)
                .isNotEqualTo(Decision.explicitDeny(PolicyType.SESSION));
    }
}
