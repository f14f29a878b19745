package dev.xacct.secrets.testkit.internal.iam;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Callers, ARNs and terse policy builders for the IAM tests; JSON is written with ' for " to stay readable. */
final class IamFixtures {

    static final String OWNER = "111111111111";
    static final String APP = "222222222222";
    static final String OTHER = "333333333333";
    static final String ORG = "o-a1b2c3d4e5";

    static final String ROLE_ARN = "arn:aws:iam::222222222222:role/team/ApplicationRole";
    static final String ROLE_ID = "AROAEXAMPLEROLEID0001";
    static final String SESSION_ARN = "arn:aws:sts::222222222222:assumed-role/ApplicationRole/app";
    static final String USER_ARN = "arn:aws:iam::222222222222:user/ops/deployer";
    static final String USER_ID = "AIDAEXAMPLEUSERID0001";

    /** Owned by OWNER: read from APP it is a cross-account secret. */
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbCdEf";
    /** Owned by APP: read from APP it is a same-account secret. */
    static final String LOCAL_SECRET = "arn:aws:secretsmanager:us-east-1:222222222222:secret:app/db-AbCdEf";

    static final String KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String LOCAL_KEY = "arn:aws:kms:us-east-1:222222222222:key/0987dcba-09fe-87dc-65ba-ab0987654321";
    static final String TARGET_ROLE = "arn:aws:iam::111111111111:role/ReaderRole";
    static final String LOCAL_TARGET_ROLE = "arn:aws:iam::222222222222:role/ReaderRole";

    static final String GET = "secretsmanager:GetSecretValue";
    static final String DECRYPT = "kms:Decrypt";
    static final String ASSUME = "sts:AssumeRole";

    static final PrincipalInfo SESSION = new PrincipalInfo(
            "aws", APP, PrincipalInfo.Kind.ASSUMED_ROLE, SESSION_ARN, ROLE_ARN, ROLE_ID + ":app", null, ORG);
    static final PrincipalInfo USER =
            new PrincipalInfo("aws", APP, PrincipalInfo.Kind.USER, USER_ARN, null, USER_ID, "deployer", null);
    static final PrincipalInfo ROOT = PrincipalInfo.root(APP, ORG);

    private IamFixtures() {}

    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static PolicyDocument policy(String... statements) {
        return PolicyDocument.parse(q("{'Version':'2012-10-17','Statement':[" + String.join(",", statements) + "]}"));
    }

    /** One identity policy made of {@code statements}. */
    static List<PolicyDocument> identity(String... statements) {
        return List.of(policy(statements));
    }

    /** An identity-style statement (no Principal). */
    static String allow(String action, String resource) {
        return q("{'Effect':'Allow','Action':'" + action + "','Resource':'" + resource + "'}");
    }

    static String deny(String action, String resource) {
        return q("{'Effect':'Deny','Action':'" + action + "','Resource':'" + resource + "'}");
    }

    /** A resource-policy statement allowing {@code principal} (a JSON value) {@code action} on {@code *}. */
    static String grant(String principal, String action) {
        return q("{'Effect':'Allow','Principal':" + principal + ",'Action':'" + action + "','Resource':'*'}");
    }

    static String refuse(String principal, String action) {
        return q("{'Effect':'Deny','Principal':" + principal + ",'Action':'" + action + "','Resource':'*'}");
    }

    /** {@code {"AWS": [values]}}. */
    static String aws(String... values) {
        return q("{'AWS':[" + Arrays.stream(values).map(v -> "'" + v + "'").collect(Collectors.joining(",")) + "]}");
    }

    /** {@code statement} with a Condition element (single-quoted JSON object). */
    static String when(String statement, String condition) {
        return statement.substring(0, statement.length() - 1) + ",\"Condition\":" + q(condition) + "}";
    }

    static AuthorizationRequest.Builder read(PrincipalInfo caller, String secret) {
        return request(caller, GET, secret, ResourcePolicyMode.OPTIONAL);
    }

    static AuthorizationRequest.Builder decrypt(PrincipalInfo caller, String key) {
        return request(caller, DECRYPT, key, ResourcePolicyMode.REQUIRED);
    }

    static AuthorizationRequest.Builder assume(PrincipalInfo caller, String role) {
        return request(caller, ASSUME, role, ResourcePolicyMode.REQUIRED);
    }

    static AuthorizationRequest.Builder request(
            PrincipalInfo caller, String action, String resource, ResourcePolicyMode mode) {
        return AuthorizationRequest.builder()
                .principal(caller)
                .action(action)
                .resource(resource)
                .resourceAccountId(resource.equals("*") ? caller.accountId() : resource.split(":", -1)[4])
                .mode(mode);
    }

    static Map<String, List<String>> context(String key, String... values) {
        return Map.of(key, List.of(values));
    }

    /** The key policy AWS gives {@code aws/secretsmanager} in {@code account}, us-east-1 (fixed by AWS). */
    static PolicyDocument secretsManagerKeyPolicy(String account) {
        return PolicyDocument.parse(q("""
                {'Version':'2012-10-17','Id':'auto-secretsmanager-1','Statement':[{
                  'Sid':'Allow access through AWS Secrets Manager for all principals in the account',
                  'Effect':'Allow','Principal':{'AWS':'*'},
                  'Action':['kms:Decrypt','kms:ReEncrypt*','kms:GenerateDataKey*','kms:CreateGrant','kms:DescribeKey'],
                  'Resource':'*',
                  'Condition':{'StringEquals':{'kms:ViaService':'secretsmanager.us-east-1.amazonaws.com',
                                               'kms:CallerAccount':'ACCOUNT'}}
                },{
                  'Sid':'Allow direct access to key metadata to the account',
                  'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::ACCOUNT:root'},
                  'Action':['kms:Describe*','kms:Get*','kms:List*','kms:RevokeGrant'],
                  'Resource':'*'
                }]}""").replace("ACCOUNT", account));
    }

    /** The default key policy of a customer managed key: delegation to the account's IAM policies. */
    static PolicyDocument defaultKeyPolicy(String account) {
        return policy(grant(aws("arn:aws:iam::" + account + ":root"), "kms:*"));
    }

    /** The context Secrets Manager sends with its Decrypt on the caller's behalf. */
    static Map<String, List<String>> viaSecretsManager(String callerAccount, String secret) {
        return Map.of(
                "kms:ViaService",
                List.of("secretsmanager.us-east-1.amazonaws.com"),
                "kms:CallerAccount",
                List.of(callerAccount),
                "kms:EncryptionContext:SecretARN",
                List.of(secret),
                "aws:ViaAWSService",
                List.of("true"));
    }
}
