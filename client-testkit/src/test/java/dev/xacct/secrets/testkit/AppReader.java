package dev.xacct.secrets.testkit;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/** Reads a scenario's secret as its application does, through the real SDK, and says what AWS answered. */
final class AppReader {

    private AppReader() {}

    /** The credentials the app reads with: its own, or a session of the role it assumes as configured. */
    static AccessKey appSession(Sdk sdk, CrossAccountScenario scenario) {
        if (scenario.appIdentity() != CrossAccountScenario.AppIdentity.USER_ASSUMING_ROLE) {
            return scenario.appCredentials();
        }
        AssumeRoleRequest.Builder request =
                AssumeRoleRequest.builder().roleArn(scenario.roleArn()).roleSessionName(scenario.sessionName());
        scenario.externalId().ifPresent(request::externalId);
        scenario.sessionPolicy().ifPresent(request::policy);
        return sdk.assumeRole(scenario.appCredentials(), request.build());
    }

    /** {@code OK: value}, or {@code CODE: message} of what AWS answered (STS or Secrets Manager). */
    static String read(Sdk sdk, CrossAccountScenario scenario, String versionStage) {
        try {
            AccessKey session = appSession(sdk, scenario);
            return "OK: "
                    + sdk.secretsManager(session, scenario.region())
                            .getSecretValue(GetSecretValueRequest.builder()
                                    .secretId(scenario.secretId())
                                    .versionStage(versionStage)
                                    .build())
                            .secretString();
        } catch (AwsServiceException e) {
            return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
        }
    }
}
