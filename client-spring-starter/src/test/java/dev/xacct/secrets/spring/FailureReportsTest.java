package dev.xacct.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.DiagnosisContext;
import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.internal.diagnosis.Diagnoses;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The parts of the failure reports that the emulator tests do not reach. */
class FailureReportsTest {

    private static final SecretRef SECRET =
            SecretRef.parse("arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbC123");

    @Test
    void transientFailure_saysToStartAgain() {
        Diagnosis diagnosis = Diagnoses.of(
                SdkClientException.create("Unable to execute HTTP request", new ConnectException("Connection refused")),
                DiagnosisContext.builder().build());

        assertThat(diagnosis.code()).isEqualTo(DiagnosisCode.SERVICE_ERROR);
        FailureAnalysis analysis =
                new SecretAccessFailureAnalyzer().analyze(new SecretAccessException(SECRET, diagnosis, null));
        assertThat(analysis.getDescription())
                .startsWith("The secret " + SECRET + " cannot be read: SERVICE_ERROR")
                .contains("Caller:  unknown (AWS did not name it)");
        assertThat(analysis.getAction())
                .startsWith("This failure is transient (SERVICE_ERROR): no policy needs to "
                        + "change.\n\nThen start the application again.")
                .endsWith("java -jar xacct-secrets-cli.jar verify --secret " + SECRET);
    }

    @Test
    void analyzer_findsTheExceptionInsideAnother() {
        Diagnosis diagnosis = Diagnosis.builder()
                .code(DiagnosisCode.OK)
                .callerArn("arn:aws:sts::222222222222:assumed-role/ApplicationRole/s")
                .build();
        RuntimeException wrapped =
                new IllegalStateException("wrapped", new SecretAccessException(SECRET, diagnosis, null));

        assertThat(new SecretAccessFailureAnalyzer().analyze(wrapped)).isNotNull();
        assertThat(new VerificationFailureAnalyzer().analyze(wrapped)).isNull();
    }

    @Test
    void roleOf_sessionOrRole_givesTheRole() {
        assertThat(FailureReports.roleOf("arn:aws:sts::222222222222:assumed-role/ApplicationRole/xacct-secrets"))
                .isEqualTo("arn:aws:iam::222222222222:role/ApplicationRole");
        assertThat(FailureReports.roleOf("arn:aws:iam::222222222222:role/ApplicationRole"))
                .isEqualTo("arn:aws:iam::222222222222:role/ApplicationRole");
        assertThat(FailureReports.roleOf("arn:aws:iam::222222222222:user/deployer"))
                .isNull();
        assertThat(FailureReports.roleOf(null)).isNull();
    }

    @Test
    void verifyCommand_listsEverySecret() {
        assertThat(FailureReports.verifyCommand(List.of(SECRET, SECRET), null))
                .isEqualTo("java -jar xacct-secrets-cli.jar verify --secret " + SECRET + " --secret " + SECRET);
    }
}
