package dev.xacct.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xacct.secrets.cli.internal.PolicyDocuments;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.Breakage;
import dev.xacct.secrets.testkit.CrossAccountScenario;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.World;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fix --format terraform} and {@code --format cli}: the statements they give are exactly the ones
 * {@code fix --apply} writes, policy by policy, and the Terraform parses as HCL.
 */
class FixAsCodeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final EmulatorExtension AWS = EmulatorExtension.of(() -> World.create());

    @TempDir
    Path dir;

    /** The statements each policy gained, by the policy's description, read from the world before and after. */
    private record Policies(Map<String, Supplier<String>> documents) {
        Map<String, String> snapshot() {
            Map<String, String> now = new LinkedHashMap<>();
            documents.forEach((name, document) -> now.put(name, document.get()));
            return now;
        }
    }

    @Test
    void terraformAndCliGiveTheStatementsApplyWrites(AwsEmulator aws) throws Exception {
        FixWorld world = new FixWorld(
                aws,
                CrossAccountScenario.builder()
                        .world(aws.world())
                        .ownerAccount("500000000001")
                        .appAccount("600000000001")
                        .breakages(Breakage.NO_RESOURCE_POLICY_STATEMENT)
                        .build(),
                dir);
        CrossAccountScenario key = world.also("app/key", Breakage.NO_KEY_POLICY_STATEMENT);
        CrossAccountScenario identity = world.also("app/identity", Breakage.NO_IDENTITY_GRANT_FOR_SECRET);
        Path report = world.verify();
        CrossAccountScenario s = world.scenario();
        Map<String, Supplier<String>> documents = new LinkedHashMap<>();
        documents.put(
                "the resource policy of secret " + s.secretArn(),
                () -> s.secret().resourcePolicy().orElse(null));
        documents.put("the key policy of " + key.keyArn(), () -> key.key().keyPolicy());
        // The identity fixes' names come from the report; the documents, from the world.
        FixWorld.json(report)
                .get("results")
                .forEach(result -> result.get("fixes").forEach(fix -> {
                    if (fix.get("action").path("type").asText().equals("attach-identity-policy")) {
                        String name = fix.get("action").get("policyName").asText();
                        documents.put(
                                "the inline policy " + name + " of role " + s.roleArn(),
                                () -> s.role().orElseThrow().policy(name).orElse(null));
                    }
                }));
        assertThat(documents).hasSizeGreaterThanOrEqualTo(3);
        Policies policies = new Policies(documents);
        Map<String, String> before = policies.snapshot();

        CliRun terraform = CliRun.of("fix", "--report", report.toString(), "--format", "terraform");
        CliRun cli = CliRun.of("fix", "--report", report.toString(), "--format", "cli");
        CliRun owner = world.fix(s.owner().id(), report, "--apply");
        assertThat(owner.exit()).as(owner.out()).isZero();
        CliRun app = world.fix(s.app().id(), report, "--apply");
        assertThat(app.exit()).as(app.out()).isZero();
        Map<String, String> after = policies.snapshot();

        Map<String, Set<JsonNode>> written = new LinkedHashMap<>();
        before.keySet().forEach(name -> written.put(name, added(before.get(name), after.get(name))));
        assertThat(written.values())
                .allSatisfy(statements -> assertThat(statements).isNotEmpty());
        assertThat(terraform.exit()).as(terraform.err()).isZero();
        assertBalanced(terraform.out());
        assertThat(terraformStatements(terraform.out())).isEqualTo(written);
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cliStatements(cli.out())).isEqualTo(written);
        assertThat(identity.secretArn()).isNotEqualTo(s.secretArn());
    }

    @Test
    void terraformNamesTheResourceEachPolicyBelongsTo() throws Exception {
        Path report = java.nio.file.Files.writeString(dir.resolve("report.json"), """
                {"caller":"c","results":[{"secret":"s","code":"TRUST_POLICY","fixes":[{"account":"222222222222",
                "instruction":"i","action":{"type":"merge-statement","policy":"TRUST_POLICY",
                "target":"arn:aws:iam::222222222222:role/ApplicationRole","statement":{"Effect":"Allow",
                "Principal":{"AWS":"arn:aws:iam::222222222222:user/app"},"Action":"sts:AssumeRole",
                "Condition":{"StringEquals":{"sts:ExternalId":"x${aws:username}"}}}}},
                {"account":"111111111111","instruction":"i","action":{"type":"run-command",
                "command":["aws","kms","enable-key","--key-id","arn:aws:kms:us-east-1:111111111111:key/k"]}}]}]}
                """);

        CliRun run = CliRun.of("fix", "--report", report.toString(), "--format", "terraform");

        Map<String, Object> hcl = new HCLParser().parse(run.out());
        assertThat(hcl).containsOnlyKeys("data");
        assertBalanced(run.out());
        assertThat(run.out())
                .contains("# In the aws_iam_role resource of arn:aws:iam::222222222222:role/"
                        + "ApplicationRole:\n#   assume_role_policy = data.aws_iam_policy_document.trust_policy_"
                        + "applicationrole.json\n# Not for a principal the trust policy lets in only under a Condition")
                .contains("values   = [\"x$${aws:username}\"]")
                .contains("# In the aws_kms_key resource of arn:aws:kms:us-east-1:111111111111:key/k: is_enabled "
                        + "= true");
        // The parser rejects what is not HCL (it is lenient only about closing braces, checked apart).
        assertThatThrownBy(() -> new HCLParser().parse("data \"x\" \"y\" {\n  a = \"b\n}\n"))
                .hasMessageContaining("Illegal character");
        assertThatThrownBy(() -> assertBalanced("data \"x\" {\n  statement {\n}\n"))
                .isInstanceOf(AssertionError.class);
    }

    /** Every brace and bracket outside strings and comments closes, in order: what hcl4j does not check. */
    private static void assertBalanced(String hcl) {
        StringBuilder open = new StringBuilder();
        for (String line : hcl.split("\n", -1)) {
            boolean inString = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '#') {
                    break;
                } else if (c == '{' || c == '[') {
                    open.append(c);
                } else if (c == '}' || c == ']') {
                    assertThat(open).as("closing %s in: %s", c, line).isNotEmpty();
                    assertThat(open.charAt(open.length() - 1)).as(line).isEqualTo(c == '}' ? '{' : '[');
                    open.setLength(open.length() - 1);
                }
            }
            assertThat(inString).as("unterminated string in: %s", line).isFalse();
        }
        assertThat(open).as("unclosed blocks").isEmpty();
    }

    private static Set<JsonNode> added(String before, String after) {
        Set<JsonNode> old = new HashSet<>();
        PolicyDocuments.statements(PolicyDocuments.parse(before)).forEach(st -> old.add(PolicyDocuments.canonical(st)));
        Set<JsonNode> added = new HashSet<>();
        PolicyDocuments.statements(PolicyDocuments.parse(after)).forEach(st -> {
            JsonNode canonical = PolicyDocuments.canonical(st);
            if (!old.contains(canonical)) {
                added.add(canonical);
            }
        });
        return added;
    }

    /** Per "# Account N: POLICY" comment, the statements of the aws_iam_policy_document that follows it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Set<JsonNode>> terraformStatements(String hcl) throws Exception {
        Map<String, Object> parsed = new HCLParser().parse(hcl);
        Map<String, Object> documents =
                (Map<String, Object>) ((Map<String, Object>) parsed.get("data")).get("aws_iam_policy_document");
        Map<String, Set<JsonNode>> statements = new LinkedHashMap<>();
        Matcher blocks = Pattern.compile("(?m)^# Account \\d{12}: (.+)\\ndata \"aws_iam_policy_document\" \"([^\"]+)\"")
                .matcher(hcl);
        while (blocks.find()) {
            Object blocksOf = ((Map<String, Object>) documents.get(blocks.group(2))).get("statement");
            Set<JsonNode> set = new HashSet<>();
            for (Object statement : blocksOf instanceof List<?> list ? list : List.of(blocksOf)) {
                set.add(PolicyDocuments.canonical(iamStatement((Map<String, Object>) statement)));
            }
            statements.put(blocks.group(1), set);
        }
        return statements;
    }

    /** A Terraform statement block back as IAM JSON. */
    @SuppressWarnings("unchecked")
    private static JsonNode iamStatement(Map<String, Object> block) {
        ObjectNode statement = JSON.createObjectNode();
        if (block.containsKey("sid")) {
            statement.put("Sid", (String) block.get("sid"));
        }
        statement.put("Effect", (String) block.get("effect"));
        statement.set("Action", strings(block.get("actions")));
        if (block.containsKey("resources")) {
            statement.set("Resource", strings(block.get("resources")));
        }
        Object principals = block.get("principals");
        if (principals != null) {
            ObjectNode principal = statement.putObject("Principal");
            for (Object one : principals instanceof List<?> list ? list : List.of(principals)) {
                Map<String, Object> p = (Map<String, Object>) one;
                principal.set((String) p.get("type"), strings(p.get("identifiers")));
            }
        }
        Object conditions = block.get("condition");
        if (conditions != null) {
            ObjectNode condition = statement.putObject("Condition");
            for (Object one : conditions instanceof List<?> list ? list : List.of(conditions)) {
                Map<String, Object> c = (Map<String, Object>) one;
                ObjectNode operator = condition.has((String) c.get("test"))
                        ? (ObjectNode) condition.get((String) c.get("test"))
                        : condition.putObject((String) c.get("test"));
                operator.set((String) c.get("variable"), strings(c.get("values")));
            }
        }
        return statement;
    }

    private static ArrayNode strings(Object values) {
        ArrayNode array = JSON.createArrayNode();
        ((List<?>) values).forEach(value -> array.add(String.valueOf(value)));
        return array;
    }

    /** Per "# Account N: POLICY" comment, the statements of the jq --argjson add '...' that follows it. */
    private static Map<String, Set<JsonNode>> cliStatements(String script) throws Exception {
        Map<String, Set<JsonNode>> statements = new LinkedHashMap<>();
        Matcher blocks = Pattern.compile("(?m)^# Account \\d{12}: (.+)\\n.*\\njq --argjson add '([^']*)' ")
                .matcher(script);
        while (blocks.find()) {
            Set<JsonNode> set = new HashSet<>();
            JSON.readTree(blocks.group(2)).forEach(st -> set.add(PolicyDocuments.canonical(st)));
            statements.put(blocks.group(1), set);
        }
        return statements;
    }
}
