package dev.xacct.secrets.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Merging statements into a policy: appended, never removing or rewriting one that is there. */
class PolicyDocumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ROOT = "{\"Sid\":\"Root\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::111111111111:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}";
    private static final String APP = "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::222222222222:role/App\"},\"Action\":[\"kms:Decrypt\",\"kms:DescribeKey\"],"
            + "\"Resource\":\"*\"}";

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void aNewStatementIsAppendedAndEveryOtherKeptAsItWas() throws Exception {
        ObjectNode policy =
                PolicyDocuments.parse("{\"Version\":\"2012-10-17\",\"Id\":\"k\",\"Statement\":[" + ROOT + "]}");

        PolicyDocuments.Merge merge = PolicyDocuments.merge(policy, List.of(json(APP)));

        assertThat(merge.changes()).isTrue();
        assertThat(merge.after().get("Id").asText()).isEqualTo("k");
        assertThat(PolicyDocuments.statements(merge.after())).containsExactly(json(ROOT), json(APP));
        assertThat(PolicyDocuments.statements(merge.before())).containsExactly(json(ROOT));
    }

    @Test
    void aStatementAlreadyThereInAnotherSpellingChangesNothing() throws Exception {
        String reordered = "{\"Sid\":\"Mine\",\"Resource\":[\"*\"],\"Action\":[\"kms:DescribeKey\",\"kms:Decrypt\"],"
                + "\"Principal\":{\"AWS\":[\"arn:aws:iam::222222222222:role/App\"]},\"Effect\":\"Allow\"}";
        ObjectNode policy = PolicyDocuments.parse("{\"Version\":\"2012-10-17\",\"Statement\":" + reordered + "}");

        PolicyDocuments.Merge merge = PolicyDocuments.merge(policy, List.of(json(APP)));

        assertThat(merge.changes()).isFalse();
        assertThat(merge.added()).isEmpty();
    }

    @Test
    void aSidAlreadyUsedByAnotherStatementGetsAFreshOne() throws Exception {
        ObjectNode policy = PolicyDocuments.parse("{\"Statement\":[" + ROOT + "]}");
        ObjectNode clash = (ObjectNode) json(APP);
        clash.put("Sid", "Root");

        PolicyDocuments.Merge merge = PolicyDocuments.merge(policy, List.of(clash, clash));

        assertThat(merge.added())
                .singleElement()
                .satisfies(s -> assertThat(s.get("Sid").asText()).isEqualTo("Root2"));
        assertThat(PolicyDocuments.statements(merge.after()).get(0)).isEqualTo(json(ROOT));
        assertThat(merge.after().get("Version").asText()).isEqualTo("2012-10-17");
    }

    @Test
    void noPolicyYetBecomesAPolicyWithTheStatement() throws Exception {
        PolicyDocuments.Merge merge = PolicyDocuments.merge(PolicyDocuments.parse(null), List.of(json(APP)));

        assertThat(merge.after()).isEqualTo(json("{\"Version\":\"2012-10-17\",\"Statement\":[" + APP + "]}"));
    }

    @Test
    void onlyAnAllowToEveryoneWithoutAConditionGrantsEveryone() throws Exception {
        assertThat(PolicyDocuments.grantsEveryone(json("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"a\"}")))
                .isTrue();
        assertThat(PolicyDocuments.grantsEveryone(
                        json("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn\"," + "\"*\"]},\"Action\":\"a\"}")))
                .isTrue();
        assertThat(PolicyDocuments.grantsEveryone(json("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                        + "\"Action\":\"a\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-1\"}}}")))
                .isFalse();
        assertThat(PolicyDocuments.grantsEveryone(json("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"a\"}")))
                .isFalse();
        assertThat(PolicyDocuments.grantsEveryone(json(APP))).isFalse();
    }

    @Test
    void theDiffMarksOnlyTheAddedLines() {
        List<String> diff = LineDiff.of("a\nb\nc\n", "a\nb\nx\nc\n");

        assertThat(diff).containsExactly("  a", "  b", "+ x", "  c");
    }

    @Test
    void aTrustStatementWithoutTheOwnersConditionIsTold() throws Exception {
        String user = "arn:aws:iam::222222222222:user/app";
        JsonNode add = json(
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + user + "\"}," + "\"Action\":\"sts:AssumeRole\"}");
        ObjectNode conditioned = PolicyDocuments.parse("{\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":[\"" + user + "\"]},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"x\"}}}]}");
        ObjectNode other = PolicyDocuments.parse("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\"}]}");

        assertThat(PolicyDocuments.conditionBypassed(conditioned, add)).containsExactly("sts:ExternalId");
        assertThat(PolicyDocuments.conditionBypassed(other, add)).isEmpty();
        assertThat(PolicyDocuments.conditionBypassed(PolicyDocuments.parse(null), add))
                .isEmpty();
        assertThat(PolicyDocuments.conditionBypassed(
                        conditioned, conditioned.get("Statement").get(0)))
                .isEmpty();
        ObjectNode everyone = PolicyDocuments.parse("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"x\"}}}]}");
        assertThat(PolicyDocuments.conditionBypassed(everyone, add)).containsExactly("sts:ExternalId");
    }
}
