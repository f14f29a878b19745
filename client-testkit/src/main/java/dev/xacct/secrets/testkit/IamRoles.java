package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.SecretsManagerWrites.refused;

import dev.xacct.secrets.testkit.Authorizer.Target;
import dev.xacct.secrets.testkit.internal.FormBody;
import dev.xacct.secrets.testkit.internal.Xml;
import dev.xacct.secrets.testkit.internal.iam.ResourcePolicyMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The IAM role operations a role's owner (and a diagnosing client) uses — {@code GetRole}, {@code GetRolePolicy},
 * {@code PutRolePolicy}, {@code ListRolePolicies}, {@code UpdateAssumeRolePolicy} — in the caller's own account, as IAM
 * has no cross-account access. Authorized by the caller's identity policies; denials name {@code role NAME} as IAM
 * does ("is not authorized to perform: iam:GetRole on resource: role NAME because no identity-based policy allows the
 * iam:GetRole action", public captures). Policy documents come back URL-encoded, as IAM returns them.
 */
final class IamRoles {

    private final Authorizer authorizer;

    IamRoles(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    String getRole(Call call, FormBody form) {
        IamRole role = authorizedRole(call, form, "iam:GetRole");
        Xml result = new Xml()
                .open("Role")
                .element("Path", role.path())
                .element("RoleName", role.name())
                .element("RoleId", role.uniqueId())
                .element("Arn", role.arn())
                .element("CreateDate", role.createDate().toString())
                .element("AssumeRolePolicyDocument", urlEncoded(role.trustPolicy()))
                .element("MaxSessionDuration", role.maxSessionDuration().toSeconds());
        Map<String, String> tags = new java.util.TreeMap<>(role.tags());
        if (!tags.isEmpty()) {
            result.open("Tags");
            tags.forEach((key, value) -> result.open("member")
                    .element("Key", key)
                    .element("Value", value)
                    .close("member"));
            result.close("Tags");
        }
        return StsService.response(call, "GetRole", result.close("Role"));
    }

    String getRolePolicy(Call call, FormBody form) {
        IamRole role = authorizedRole(call, form, "iam:GetRolePolicy");
        String policyName = required(form, "PolicyName", "policyName");
        String policy = role.policy(policyName)
                .orElseThrow(() -> new AwsError(
                        404, "NoSuchEntity", "The role policy with name " + policyName + " cannot be found."));
        return StsService.response(
                call,
                "GetRolePolicy",
                new Xml()
                        .element("RoleName", role.name())
                        .element("PolicyName", policyName)
                        .element("PolicyDocument", urlEncoded(policy)));
    }

    String putRolePolicy(Call call, FormBody form) {
        IamRole role = authorizedRole(call, form, "iam:PutRolePolicy");
        String policyName = required(form, "PolicyName", "policyName");
        String document = required(form, "PolicyDocument", "policyDocument");
        if (!policyName.matches("[\\w+=,.@-]{1,128}")) {
            throw validation("Value '" + policyName + "' at 'policyName' failed to satisfy constraint: Member must "
                    + "satisfy regular expression pattern: [\\w+=,.@-]+");
        }
        refused(() -> role.putPolicy(policyName, document));
        return StsService.response(call, "PutRolePolicy", new Xml());
    }

    String listRolePolicies(Call call, FormBody form) {
        IamRole role = authorizedRole(call, form, "iam:ListRolePolicies");
        Xml result = new Xml().open("PolicyNames");
        role.policyNames().forEach(name -> result.element("member", name));
        return StsService.response(
                call, "ListRolePolicies", result.close("PolicyNames").element("IsTruncated", "false"));
    }

    String updateAssumeRolePolicy(Call call, FormBody form) {
        IamRole role = authorizedRole(call, form, "iam:UpdateAssumeRolePolicy");
        String document = required(form, "PolicyDocument", "policyDocument");
        refused(() -> role.trustPolicy(document));
        return StsService.response(call, "UpdateAssumeRolePolicy", new Xml());
    }

    /** The caller's role {@code RoleName}, with {@code action} authorized on it; then whether it exists. */
    private IamRole authorizedRole(Call call, FormBody form, String action) {
        String name = required(form, "RoleName", "roleName");
        Account account = call.caller.account();
        IamRole role = account.role(name).orElse(null);
        String arn = role != null ? role.arn() : "arn:aws:iam::" + account.id() + ":role/" + name;
        authorizer.require(
                call,
                new Target(
                        action,
                        arn,
                        account.id(),
                        null,
                        ResourcePolicyMode.NONE,
                        role == null ? Map.of() : role.tags()),
                Map.of(),
                "role " + name);
        if (role == null) {
            throw new AwsError(404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
        }
        return role;
    }

    private static String required(FormBody form, String name, String member) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw validation("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static AwsError validation(String detail) {
        return AwsError.badRequest("ValidationError", "1 validation error detected: " + detail);
    }

    /** RFC 3986 encoding, as IAM returns policy documents ({@code %20} for a space, not {@code +}). */
    static String urlEncoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
