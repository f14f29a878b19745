package dev.xacct.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsListener;
import dev.xacct.secrets.testkit.Fault;
import dev.xacct.secrets.testkit.Secret;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/** {@code spring.config.import=xacct-secrets:...} in a started application, against the emulator. */
@ExtendWith(OutputCaptureExtension.class)
class XacctSecretsConfigDataTest {

    private static final TestAws AWS = TestAws.get();

    private ConfigurableApplicationContext context;

    @BeforeEach
    void clearRequestLog() {
        AWS.emulator.requestLog().clear();
        AWS.emulator.faults().clear();
    }

    @AfterEach
    void close(CapturedOutput output) {
        if (context != null) {
            context.close();
        }
        assertThat(output).doesNotContain(TestAws.CANARY);
    }

    @Test
    void import_withProperty_bindsAPlainStringSecretToThatProperty() {
        context = TestApp.run(
                "spring.config.import=xacct-secrets:" + AWS.password.arn() + "?property=spring.datasource.password");

        assertThat(context.getEnvironment().getProperty("spring.datasource.password"))
                .isEqualTo(TestAws.PASSWORD_VALUE);
    }

    @Test
    void import_ofJsonSecret_flattensNestedObjectsAndArrays() {
        context = TestApp.run("spring.config.import=xacct-secrets:" + AWS.config.arn());

        Environment env = context.getEnvironment();
        assertThat(env.getProperty("username")).isEqualTo("app");
        assertThat(env.getProperty("password")).isEqualTo("json-" + TestAws.CANARY);
        assertThat(env.getProperty("pool.size")).isEqualTo("5");
        assertThat(env.getProperty("pool.timeouts.connect")).isEqualTo("2s");
        assertThat(env.getProperty("hosts[0]")).isEqualTo("db1.internal");
        assertThat(env.getProperty("hosts[1]")).isEqualTo("db2.internal");
        assertThat(env.getProperty("replicas[1].host")).isEqualTo("r2.internal");
        assertThat(env.getProperty("replicas[1].port", Integer.class)).isEqualTo(5433);
        assertThat(env.containsProperty("comment")).isFalse();
    }

    @Test
    void import_withPrefix_putsEveryKeyUnderThePrefix() {
        context = TestApp.run("spring.config.import=xacct-secrets:" + AWS.config.arn() + "?prefix=app.db");

        Environment env = context.getEnvironment();
        assertThat(env.getProperty("app.db.username")).isEqualTo("app");
        assertThat(env.getProperty("app.db.replicas[0].host")).isEqualTo("r1.internal");
        assertThat(env.containsProperty("username")).isFalse();
        // Bound like any other properties.
        assertThat(Binder.get(env).bind("app.db.hosts", String[].class).get())
                .containsExactly("db1.internal", "db2.internal");
    }

    @Test
    void import_ofSeveralSecrets_withAPartialArn_readsEach() {
        String partialArn = AWS.password.partialArn();
        context = TestApp.run("spring.config.import=xacct-secrets:" + partialArn + "?property=app.password,"
                + "xacct-secrets:" + AWS.config.arn() + "?prefix=app.db");

        assertThat(context.getEnvironment().getProperty("app.password")).isEqualTo(TestAws.PASSWORD_VALUE);
        assertThat(context.getEnvironment().getProperty("app.db.username")).isEqualTo("app");
    }

    @Test
    void import_ofBinarySecretWithProperty_bindsBase64() {
        context = TestApp.run("spring.config.import=xacct-secrets:" + AWS.binary.arn() + "?property=app.keystore");

        assertThat(context.getEnvironment().getProperty("app.keystore"))
                .isEqualTo(Base64.getEncoder().encodeToString(TestAws.BINARY_VALUE));
    }

    @Test
    void import_ofImportedSecrets_areVerifiedAgainAtStartup_withTheApplicationsClient(CapturedOutput output) {
        context = TestApp.run("spring.config.import=xacct-secrets:" + AWS.config.arn());

        // Once at import, once by verification (which reads from AWS, not from the cache).
        assertThat(AWS.emulator.requestLog().count("GetSecretValue", AWS.config.arn()))
                .isEqualTo(2);
        assertThat(AWS.emulator.requestLog().count("GetCallerIdentity")).isEqualTo(1);
        assertThat(output)
                .contains("Verified 1 secrets at startup [caller=arn:aws:sts::222222222222:assumed-role/"
                        + "ApplicationRole/xacct-secrets]");
        assertThat(context.getBean(XacctSecretsClient.class).getString(SecretRef.parse(AWS.config.arn())))
                .contains("\"username\":\"app\"");
    }

    @Test
    void optionalImport_ofMissingSecret_isSkipped_andTheApplicationStarts(CapturedOutput output) {
        context = TestApp.run("spring.config.import=optional:xacct-secrets:" + TestAws.MISSING_ARN
                + "?property=app.password,xacct-secrets:" + AWS.config.arn());

        assertThat(context.getEnvironment().containsProperty("app.password")).isFalse();
        assertThat(context.getEnvironment().getProperty("username")).isEqualTo("app");
        // Cross-account, AWS denies before it looks: the code says so, and the line never says "not found".
        assertThat(output)
                .contains("Skipped optional import optional:xacct-secrets:" + TestAws.MISSING_ARN
                        + "?property=app.password: SECRET_RESOURCE_POLICY: ");
        assertThat(output).doesNotContainIgnoringCase("not found");
    }

    @Test
    void optionalImport_thatIsDenied_isSkipped_andShownInHealthWithoutMakingItDown(CapturedOutput output) {
        context = TestApp.run("spring.config.import=optional:xacct-secrets:" + AWS.noKeyPolicy.arn() + ",xacct-secrets:"
                + AWS.config.arn());

        assertThat(output)
                .contains("Skipped optional import optional:xacct-secrets:" + AWS.noKeyPolicy.arn()
                        + ": KEY_POLICY: The KMS key policy in account 111111111111");
        TestHealth.View health = TestHealth.indicator(context);
        assertThat(health.status()).isEqualTo("UP");
        assertThat(health.details().get("secrets"))
                .isEqualTo(Map.of(
                        AWS.noKeyPolicy.arn(), "KEY_POLICY",
                        AWS.config.arn(), "OK"));
    }

    static Stream<Arguments> accessFailures() {
        Function<TestAws, Secret> noResourcePolicy = aws -> aws.noResourcePolicy;
        Function<TestAws, Secret> noKeyPolicy = aws -> aws.noKeyPolicy;
        Function<TestAws, Secret> noIdentityPolicy = aws -> aws.noIdentityPolicy;
        Function<TestAws, Secret> awsManagedKey = aws -> aws.awsManagedKey;
        return Stream.of(
                Arguments.of(
                        noResourcePolicy,
                        DiagnosisCode.SECRET_RESOURCE_POLICY,
                        TestAws.OWNER,
                        "the secret's resource policy",
                        "secretsmanager:GetSecretValue"),
                Arguments.of(noKeyPolicy, DiagnosisCode.KEY_POLICY, TestAws.OWNER, "the KMS key policy", "kms:Decrypt"),
                Arguments.of(
                        noIdentityPolicy,
                        DiagnosisCode.IDENTITY_POLICY,
                        TestAws.APP,
                        "the identity policy",
                        "secretsmanager:GetSecretValue"),
                Arguments.of(
                        awsManagedKey,
                        DiagnosisCode.AWS_MANAGED_KEY,
                        TestAws.OWNER,
                        "the KMS key policy",
                        "update-secret --secret-id"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("accessFailures")
    void import_thatIsDenied_failsStartup_withAReportNamingThePolicyAndTheStatement(
            Function<TestAws, Secret> which,
            DiagnosisCode code,
            String account,
            String policy,
            String action,
            CapturedOutput output) {
        Secret secret = which.apply(AWS);

        SecretAccessException failure = catchThrowableOfType(
                SecretAccessException.class, () -> TestApp.run("spring.config.import=xacct-secrets:" + secret.arn()));

        assertThat(failure.code()).isEqualTo(code);
        FailureAnalysis analysis = new SecretAccessFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription())
                .startsWith("The secret " + secret.arn() + " cannot be read: " + code)
                .containsPattern(
                        "Caller: +(arn:aws:sts::222222222222:assumed-role/ApplicationRole/|" + TestAws.ROLE_ARN + ")")
                .contains("Problem: " + failure.diagnosis().summary());
        assertThat(analysis.getAction())
                .contains("In account " + account + ", change " + policy)
                .contains(action)
                .contains(failure.diagnosis().fixes().get(0).instruction())
                .contains("java -jar xacct-secrets-cli.jar verify --secret " + secret.arn() + " --role-arn "
                        + TestAws.ROLE_ARN);
        // The statement names the role: as its principal, or as the role it is attached to.
        assertThat(analysis.getAction())
                .contains(
                        code == DiagnosisCode.IDENTITY_POLICY
                                ? "Attach this policy to " + TestAws.ROLE_ARN
                                : "\"" + TestAws.ROLE_ARN + "\"");
        // The console shows the same report, and nothing that points the wrong way.
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains(analysis.getDescription().lines().findFirst().orElseThrow())
                .contains(failure.diagnosis().summary())
                .doesNotContainIgnoringCase("not found")
                .doesNotContain("SECRET_NOT_FOUND");
    }

    @Test
    void import_withKeyPolicyMissing_printsTheKeyPolicyStatementToAdd(CapturedOutput output) {
        assertThatThrownBy(() -> TestApp.run("spring.config.import=xacct-secrets:" + AWS.noKeyPolicy.arn()))
                .isInstanceOf(SecretAccessException.class);

        assertThat(output)
                .contains("In account 111111111111, change the KMS key policy on " + AWS.keyWithoutRole.arn())
                .contains("\"kms:Decrypt\"")
                .contains("\"AWS\": \"" + TestAws.ROLE_ARN + "\"");
    }

    @Test
    void import_ofPlainStringWithoutProperty_failsStartup_sayingToAddProperty() {
        InvalidSecretImportException failure = catchThrowableOfType(
                InvalidSecretImportException.class,
                () -> TestApp.run("spring.config.import=xacct-secrets:" + AWS.password.arn()));

        assertThat(failure.getMessage())
                .contains("spring.config.import 'xacct-secrets:" + AWS.password.arn() + "'")
                .contains("is not JSON")
                .contains("add ?property=NAME")
                .doesNotContain(TestAws.CANARY);
        assertThat(new InvalidSecretImportFailureAnalyzer().analyze(failure).getAction())
                .contains("xacct-secrets:SECRET_ARN?property=NAME");
    }

    @Test
    void import_ofBareName_failsStartup_askingForTheArn() {
        assertThatThrownBy(() -> TestApp.run("spring.config.import=optional:xacct-secrets:app/db"))
                .isInstanceOf(InvalidSecretImportException.class)
                .hasMessageContaining("'app/db' is a bare secret name; give the secret's ARN");
    }

    @Test
    void import_throttled_failsAtOnce_becauseTheImportCustomizerTurnedRetriesOff() {
        AWS.emulator.faults().inject("GetSecretValue", Fault.throttling().times(1));

        SecretAccessException failure = catchThrowableOfType(
                SecretAccessException.class,
                () -> TestApp.run("spring.config.import=xacct-secrets:" + AWS.config.arn()));

        assertThat(failure.code()).isEqualTo(DiagnosisCode.THROTTLED);
        assertThat(AWS.emulator.requestLog().count("GetSecretValue")).isEqualTo(1);
        assertThat(new SecretAccessFailureAnalyzer().analyze(failure).getAction())
                .startsWith("This failure is transient (THROTTLED): no policy needs to change.");
    }

    @Test
    void import_usesAClientRegisteredInTheBootstrapRegistry_andLeavesItOpen() {
        List<SecretRef> reads = new CopyOnWriteArrayList<>();
        XacctSecretsProperties properties = new XacctSecretsProperties();
        properties.setEndpoint(AWS.emulator.endpoint());
        properties.setRegion(TestAws.REGION);
        properties.setRoleArn(TestAws.ROLE_ARN);
        try (XacctSecretsClient own = XacctSecretsClients.builder(properties)
                .addListener(new XacctSecretsListener() {
                    @Override
                    public void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {
                        reads.add(secret);
                    }
                })
                .build()) {
            Map<String, Object> app = new LinkedHashMap<>(AWS.properties());
            app.put("spring.config.import", "xacct-secrets:" + AWS.config.arn());
            SpringApplicationBuilder builder = new SpringApplicationBuilder(TestApp.class)
                    .web(WebApplicationType.NONE)
                    .properties(app);
            TestBootstrap.register(builder.application(), XacctSecretsClient.class, own);
            context = builder.run();

            assertThat(context.getEnvironment().getProperty("username")).isEqualTo("app");
            assertThat(reads).containsExactly(SecretRef.parse(AWS.config.arn()));
            assertThat(own.getString(SecretRef.parse(AWS.password.arn()))).isEqualTo(TestAws.PASSWORD_VALUE);
            // The application's bean is a client of its own.
            assertThat(context.getBean(XacctSecretsClient.class)).isNotSameAs(own);
        }
    }

    @Test
    void import_whenDisabled_loadsNothing_andTheApplicationStarts() {
        context = TestApp.run(
                "spring.config.import=xacct-secrets:" + AWS.noKeyPolicy.arn(), "xacct.secrets.enabled=false");

        assertThat(context.getBeansOfType(XacctSecretsClient.class)).isEmpty();
        assertThat(AWS.emulator.requestLog().count("GetSecretValue")).isZero();
    }
}
