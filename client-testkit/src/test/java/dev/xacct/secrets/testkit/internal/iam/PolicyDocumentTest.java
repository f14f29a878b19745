package dev.xacct.secrets.testkit.internal.iam;

import static dev.xacct.secrets.testkit.internal.iam.IamFixtures.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing policy JSON: the accepted shapes, and a message naming the problem for what AWS would refuse. */
class PolicyDocumentTest {

    private static final String GET = "secretsmanager:GetSecretValue";

    @Test
    void statementAsSingleObject_isOneStatement() {
        PolicyDocument doc = PolicyDocument.parse(q("{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*'}}"));

        assertThat(doc.statements())
                .singleElement()
                .returns(Statement.Effect.ALLOW, Statement::effect)
                .returns(List.of("s3:*"), Statement::actions)
                .returns(List.of("*"), Statement::resources);
    }

    @Test
    void statementAsArray_keepsOrderAndArraysOfValues() {
        PolicyDocument doc = PolicyDocument.parse(q("""
                {'Version':'2012-10-17','Id':'p1','Statement':[
                  {'Sid':'one','Effect':'Allow','Action':['kms:Decrypt','kms:Describe*'],'Resource':['a','b']},
                  {'Sid':'two','Effect':'Deny','NotAction':'kms:*','NotResource':'c'}]}"""));

        assertThat(doc.version()).isEqualTo("2012-10-17");
        assertThat(doc.id()).isEqualTo("p1");
        assertThat(doc.statements()).extracting(Statement::sid).containsExactly("one", "two");
        assertThat(doc.statements().get(0).actions()).containsExactly("kms:Decrypt", "kms:Describe*");
        assertThat(doc.statements().get(0).resources()).containsExactly("a", "b");
        assertThat(doc.statements().get(1))
                .returns(Statement.Effect.DENY, Statement::effect)
                .returns(true, Statement::notAction)
                .returns(true, Statement::notResource);
    }

    @Test
    void json_isTheOriginalText() {
        String json = "{ \"Statement\" : [ {\"Effect\":\"Allow\", \"Action\":\"*\"} ] }";

        assertThat(PolicyDocument.parse(json).json()).isEqualTo(json);
    }

    @Test
    void absentResource_meansEveryResource_andVersionAndIdAreOptional() {
        PolicyDocument trust = PolicyDocument.parse(
                q("{'Statement':[{'Effect':'Allow','Principal':{'AWS':'111111111111'},'Action':'sts:AssumeRole'}]}"));

        assertThat(trust.version()).isNull();
        assertThat(trust.id()).isNull();
        assertThat(trust.statements().get(0).resources()).isNull();
    }

    @Test
    void principal_starOrObjectWithStringOrArray() {
        PolicyDocument doc = PolicyDocument.parse(q("""
                {'Statement':[
                  {'Effect':'Allow','Principal':'*','Action':'*'},
                  {'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111111111111:root','Service':['a.amazonaws.com']},
                   'Action':'*'},
                  {'Effect':'Deny','NotPrincipal':{'AWS':['1','2']},'Action':'*'}]}"""));

        assertThat(doc.statements().get(0).principal().everyone()).isTrue();
        assertThat(doc.statements().get(1).principal().aws()).containsExactly("arn:aws:iam::111111111111:root");
        assertThat(doc.statements().get(1).principal().byType().get("Service")).containsExactly("a.amazonaws.com");
        assertThat(doc.statements().get(2))
                .returns(true, Statement::notPrincipal)
                .returns(List.of("1", "2"), s -> s.principal().aws());
    }

    @Test
    void conditionValues_stringsBooleansAndNumbersAllAsText_withQualifierAndIfExists() {
        PolicyDocument doc = PolicyDocument.parse(q("""
                {'Statement':{'Effect':'Allow','Action':'*','Condition':{
                  'Bool':{'aws:SecureTransport':true},
                  'ForAnyValue:NumericLessThanIfExists':{'k':[1,2.5,'3']}}}}"""));

        List<Condition> conditions = doc.statements().get(0).conditions();
        assertThat(conditions).hasSize(2);
        assertThat(conditions.get(0))
                .returns(ConditionOperator.BOOL, Condition::operator)
                .returns(List.of("true"), Condition::values);
        assertThat(conditions.get(1))
                .returns(Condition.SetQualifier.FOR_ANY_VALUE, Condition::qualifier)
                .returns(ConditionOperator.NUMERIC_LESS_THAN, Condition::operator)
                .returns(true, Condition::ifExists)
                .returns(List.of("1", "2.5", "3"), Condition::values)
                .returns("ForAnyValue:NumericLessThanIfExists", Condition::operatorText);
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedPolicy_isRefusedWithAMessageNamingTheProblem(String json, String message) {
        assertThatThrownBy(() -> PolicyDocument.parse(json))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> malformed() {
        String ok = "{'Effect':'Allow','Action':'" + GET + "','Resource':'*'}";
        return Stream.of(
                argumentSet(
                        "Effect is case-sensitive",
                        q("{'Statement':[" + ok + ",{'Effect':'allow','Action':'*'}]}"),
                        "Statement[1]: Effect must be Allow or Deny, was 'allow'"),
                argumentSet(
                        "Effect is required", q("{'Statement':{'Action':'*'}}"), "Statement[0]: Effect is required"),
                argumentSet(
                        "Action or NotAction is required",
                        q("{'Statement':[{'Effect':'Allow','Resource':'*'}]}"),
                        "Statement[0]: Action or NotAction is required"),
                argumentSet(
                        "Action and NotAction are exclusive",
                        q("{'Statement':[{'Effect':'Allow','Action':'*','NotAction':'kms:*'}]}"),
                        "Statement[0]: cannot have both Action and NotAction"),
                argumentSet(
                        "Resource and NotResource are exclusive",
                        q("{'Statement':[{'Effect':'Allow','Action':'*','Resource':'*','NotResource':'a'}]}"),
                        "Statement[0]: cannot have both Resource and NotResource"),
                argumentSet(
                        "an action needs its service prefix",
                        q("{'Statement':[{'Effect':'Allow','Action':'GetSecretValue'}]}"),
                        "Statement[0]: Action 'GetSecretValue' must be '*' or service:action"),
                argumentSet(
                        "Action must not be an empty array",
                        q("{'Statement':[{'Effect':'Allow','Action':[]}]}"),
                        "Statement[0]: Action must not be empty"),
                argumentSet(
                        "Action values must be strings",
                        q("{'Statement':[{'Effect':'Allow','Action':['kms:Decrypt',1]}]}"),
                        "Statement[0]: Action must be a string or an array of strings"),
                argumentSet(
                        "unknown statement element (typo)",
                        q("{'Statement':[{'Effect':'Allow','Actions':'*'}]}"),
                        "Statement[0]: unknown element 'Actions'"),
                argumentSet(
                        "unknown document element",
                        q("{'Statements':[]}"),
                        "Policy document: unknown element 'Statements'"),
                argumentSet(
                        "Statement is required",
                        q("{'Version':'2012-10-17'}"),
                        "Policy document: Statement is required"),
                argumentSet(
                        "unsupported Version",
                        q("{'Version':'2020-01-01','Statement':[]}"),
                        "Policy document: Version must be 2012-10-17 or 2008-10-17, was '2020-01-01'"),
                argumentSet(
                        "Principal string other than *",
                        q("{'Statement':[{'Effect':'Allow','Principal':'111111111111','Action':'*'}]}"),
                        "Statement[0]: Principal must be \"*\" or an object such as {\"AWS\": ...}, "
                                + "was '111111111111'"),
                argumentSet(
                        "unknown principal type",
                        q("{'Statement':[{'Effect':'Allow','Principal':{'Aws':'1'},'Action':'*'}]}"),
                        "Statement[0]: Principal: unknown principal type 'Aws'"),
                argumentSet(
                        "unsupported condition operator (typo)",
                        q("{'Statement':[{'Effect':'Allow','Action':'*','Condition':{'StringEqual':{'k':'v'}}}]}"),
                        "Statement[0]: unsupported Condition operator 'StringEqual'"),
                argumentSet(
                        "Null takes no IfExists",
                        q("{'Statement':[{'Effect':'Allow','Action':'*','Condition':{'NullIfExists':{'k':'true'}}}]}"),
                        "Statement[0]: unsupported Condition operator 'NullIfExists'"),
                argumentSet(
                        "condition value must be a scalar",
                        q("{'Statement':[{'Effect':'Allow','Action':'*','Condition':{'StringEquals':{'k':{'a':1}}}}]}"),
                        "Statement[0]: Condition.StringEquals.k must be a string, boolean, number or an array of them"),
                argumentSet(
                        "statement must be an object",
                        q("{'Statement':['Allow']}"),
                        "Statement[0]: must be a JSON object"),
                argumentSet("document must be an object", "[]", "Policy document must be a JSON object"));
    }

    @Test
    void invalidJson_isRefusedNamingJson() {
        assertThatThrownBy(() -> PolicyDocument.parse("{not json"))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageStartingWith("Policy document is not valid JSON: ");
    }

    @Test
    void trailingTextAfterTheDocument_isInvalidJson() {
        assertThatThrownBy(() -> PolicyDocument.parse(q("{'Statement':[]} x")))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageStartingWith("Policy document is not valid JSON: ");
    }

    @Test
    void nullText_isRefused() {
        assertThatThrownBy(() -> PolicyDocument.parse(null))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage("Policy document is null");
    }
}
