package dev.xacct.secrets.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xacct.secrets.testkit.internal.Xml;
import org.jspecify.annotations.Nullable;

/**
 * The wire protocols the emulator speaks: AWS JSON 1.1 (Secrets Manager, KMS) and AWS Query with XML responses (STS,
 * IAM). Each knows its signing name and how its errors look.
 */
enum Protocol {
    SECRETS_MANAGER("secretsmanager", "Message", null),
    KMS("kms", "message", null),
    STS("sts", null, "https://sts.amazonaws.com/doc/2011-06-15/"),
    IAM("iam", null, "https://iam.amazonaws.com/doc/2010-05-08/");

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.1";
    static final String XML_CONTENT_TYPE = "text/xml";

    private final String signingName;
    private final @Nullable String messageMember;
    private final @Nullable String xmlNamespace;

    Protocol(String signingName, @Nullable String messageMember, @Nullable String xmlNamespace) {
        this.signingName = signingName;
        this.messageMember = messageMember;
        this.xmlNamespace = xmlNamespace;
    }

    String signingName() {
        return signingName;
    }

    boolean isJson() {
        return xmlNamespace == null;
    }

    @Nullable
    String xmlNamespace() {
        return xmlNamespace;
    }

    String contentType() {
        return isJson() ? JSON_CONTENT_TYPE : XML_CONTENT_TYPE;
    }

    /** The body of an error response in this protocol. */
    String errorBody(AwsError error, String requestId) {
        if (isJson()) {
            ObjectNode body = JSON.createObjectNode().put("__type", error.code());
            if (error.getMessage() != null) {
                body.put(messageMember, error.getMessage());
            }
            return body.toString();
        }
        return new Xml()
                .open("ErrorResponse", xmlNamespace)
                .open("Error")
                .element("Type", error.faultType())
                .element("Code", error.code())
                .element("Message", error.getMessage())
                .close("Error")
                .element("RequestId", requestId)
                .close("ErrorResponse")
                .toString();
    }

    /** What a throttled request gets in this protocol. */
    AwsError throttled() {
        return AwsError.badRequest(isJson() ? "ThrottlingException" : "Throttling", "Rate exceeded");
    }

    /** What a request gets when the service fails, in this protocol. */
    AwsError internalError() {
        return switch (this) {
            case SECRETS_MANAGER -> new AwsError(500, "InternalServiceError", "An error occurred on the server side.");
            case KMS -> new AwsError(500, "KMSInternalException", "An internal error occurred.");
            case STS, IAM ->
                new AwsError(
                        500,
                        "InternalFailure",
                        "The request processing has failed because of an unknown error, exception or failure.");
        };
    }
}
