package dev.xacct.secrets.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xacct.secrets.Fix;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.sts.model.StsException;

/** Builds AWS exceptions the way the SDK does, and reads fix statements back. */
final class AwsErrors {

    static final String A1 = "111111111111";
    static final String A2 = "222222222222";
    static final String ROLE = "arn:aws:iam::222222222222:role/ApplicationRole";
    static final String SESSION = "arn:aws:sts::222222222222:assumed-role/ApplicationRole/app-session";
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbCdEf";
    static final String KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AwsErrors() {}

    static AwsErrorDetails details(String code, String message, String service) {
        return AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName(service)
                .build();
    }

    static SecretsManagerException sm(String code, String message) {
        return sm(400, code, message);
    }

    static SecretsManagerException sm(int status, String code, String message) {
        return (SecretsManagerException) SecretsManagerException.builder()
                .statusCode(status)
                .awsErrorDetails(details(code, message, "SecretsManager"))
                .requestId("r-1")
                .build();
    }

    /** As the SDK builds it when the message itself carries the request id (no x-amzn-RequestId header). */
    static SecretsManagerException smNoRequestId(String code, String message) {
        return (SecretsManagerException) SecretsManagerException.builder()
                .statusCode(400)
                .awsErrorDetails(details(code, message, "SecretsManager"))
                .build();
    }

    static KmsException kms(String code, String message) {
        return (KmsException) KmsException.builder()
                .statusCode(400)
                .awsErrorDetails(details(code, message, "Kms"))
                .requestId("k-1")
                .build();
    }

    static StsException sts(int status, String code, String message) {
        return (StsException) StsException.builder()
                .statusCode(status)
                .awsErrorDetails(details(code, message, "Sts"))
                .requestId("s-1")
                .build();
    }

    static AwsServiceException other(String service, String code, String message) {
        return AwsServiceException.builder()
                .statusCode(400)
                .awsErrorDetails(details(code, message, service))
                .requestId("o-1")
                .build();
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The single statement of a fix: the first of a document's Statement array, or the statement itself. */
    static JsonNode statement(Fix fix) {
        assertThat(fix.statement()).as("statement of %s", fix).isNotNull();
        JsonNode node = json(fix.statement());
        if (node.has("Statement")) {
            assertThat(node.get("Version").asText()).isEqualTo("2012-10-17");
            assertThat(node.get("Statement").size()).isEqualTo(1);
            return node.get("Statement").get(0);
        }
        return node;
    }

    static String principal(JsonNode statement) {
        String principal = statement.get("Principal").get("AWS").asText();
        JsonNode byArn = statement.path("Condition").path("ArnLike").path("aws:PrincipalArn");
        if (principal.endsWith(":root") && byArn.isArray()) {
            // A role whose path is unknown: its account, narrowed to the role's name in any path.
            org.assertj.core.api.Assertions.assertThat(byArn.get(1).asText())
                    .isEqualTo(byArn.get(0).asText().replace(":role/", ":role/*/"));
            return byArn.get(0).asText();
        }
        return principal;
    }

    /** Action as a list of strings, whether AWS-style string or array. */
    static java.util.List<String> actions(JsonNode statement) {
        JsonNode a = statement.get("Action");
        java.util.List<String> out = new java.util.ArrayList<>();
        if (a.isArray()) {
            a.forEach(n -> out.add(n.asText()));
        } else {
            out.add(a.asText());
        }
        return out;
    }
}
