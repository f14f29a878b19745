package dev.xacct.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.VerificationException;
import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsListener;
import dev.xacct.secrets.micrometer.XacctSecretsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.annotation.Order;

/** The auto-configuration, with {@link ApplicationContextRunner}, against the emulator. */
@ExtendWith(OutputCaptureExtension.class)
class XacctSecretsAutoConfigurationTest {

    private static final TestAws AWS = TestAws.get();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(XacctSecretsAutoConfiguration.class))
            .withBean(
                    "noRetries",
                    XacctSecretsClientCustomizer.class,
                    () -> builder -> builder.overrideConfiguration(TestAws.noRetries()))
            .withPropertyValues(AWS.propertyValues());

    @BeforeEach
    void clearRequestLog() {
        AWS.emulator.requestLog().clear();
    }

    @AfterEach
    void noValueInTheOutput(CapturedOutput output) {
        assertThat(output).doesNotContain(TestAws.CANARY);
    }

    @Test
    void client_isConfiguredFromProperties_andReadsCrossAccount() {
        runner.run(context -> {
            XacctSecretsClient client = context.getBean(XacctSecretsClient.class);
            assertThat(client).hasToString("XacctSecretsClient[region=us-east-1, role=" + TestAws.ROLE_ARN + "]");
            assertThat(client.getString(SecretRef.parse(AWS.password.arn()))).isEqualTo(TestAws.PASSWORD_VALUE);
        });
    }

    @Test
    void client_isClosedWithTheContext() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, () -> registry).run(context -> {
            context.getBean(XacctSecretsClient.class).get(SecretRef.parse(AWS.password.arn()));
            assertThat(registry.find(XacctSecretsMetrics.VALUE_AGE).gauge()).isNotNull();
        });
        // XacctSecretsClient.close() removes its gauges, which would otherwise keep the closed cache reachable.
        assertThat(registry.find(XacctSecretsMetrics.VALUE_AGE).gauge()).isNull();
    }

    @Test
    void disabled_createsNothing() {
        runner.withPropertyValues("xacct.secrets.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(XacctSecretsClient.class);
            assertThat(context).doesNotHaveBean(TestHealth.BEAN);
        });
    }

    @Test
    void userDefinedClient_isUsed_andTheAutoConfiguredOneBacksOff() {
        XacctSecretsClient own = XacctSecretsClients.builder(new XacctSecretsProperties())
                .region("eu-west-1")
                .build();
        runner.withBean("myClient", XacctSecretsClient.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(XacctSecretsClient.class);
            assertThat(context.getBean(XacctSecretsClient.class)).isSameAs(own);
            assertThat(context).hasBean(TestHealth.BEAN);
        });
        own.close();
    }

    @Test
    void customizers_areApplied_inOrder() {
        List<String> calls = new CopyOnWriteArrayList<>();
        runner.withBean("second", XacctSecretsClientCustomizer.class, () -> new Second(calls))
                .withBean("first", XacctSecretsClientCustomizer.class, () -> new First(calls))
                .withPropertyValues("xacct.secrets.region=eu-west-1")
                .run(context -> {
                    assertThat(calls).containsExactly("first", "second");
                    // The second customizer's region won over the property.
                    assertThat(context.getBean(XacctSecretsClient.class).toString())
                            .contains("region=eu-central-1");
                });
    }

    @Order(1)
    private record First(List<String> calls) implements XacctSecretsClientCustomizer {
        @Override
        public void customize(dev.xacct.secrets.XacctSecretsClientBuilder builder) {
            calls.add("first");
            builder.region("ap-south-1");
        }
    }

    @Order(2)
    private record Second(List<String> calls) implements XacctSecretsClientCustomizer {
        @Override
        public void customize(dev.xacct.secrets.XacctSecretsClientBuilder builder) {
            calls.add("second");
            builder.region("eu-central-1");
        }
    }

    @Test
    void metrics_goToTheApplicationsMeterRegistry() {
        runner.withBean(SimpleMeterRegistry.class).run(context -> {
            context.getBean(XacctSecretsClient.class).get(SecretRef.parse(AWS.password.arn()));

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(XacctSecretsMetrics.FETCH)
                            .tag("outcome", "success")
                            .tag("code", "OK")
                            .tag(XacctSecretsMetrics.CLIENT_TAG, "xacctSecretsClient")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get(XacctSecretsMetrics.ASSUME_ROLE)
                            .tag("code", "OK")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.find(XacctSecretsMetrics.FETCH)
                            .tagKeys("secret")
                            .timer())
                    .isNull();
        });
    }

    @Test
    void metrics_withSecretNameTag_tagTheSecretName() {
        runner.withBean(SimpleMeterRegistry.class)
                .withPropertyValues("xacct.secrets.metrics.secret-name-tag=true")
                .run(context -> {
                    context.getBean(XacctSecretsClient.class).get(SecretRef.parse(AWS.password.arn()));

                    assertThat(context.getBean(MeterRegistry.class)
                                    .get(XacctSecretsMetrics.FETCH)
                                    .tag("secret", "app/password")
                                    .timer()
                                    .count())
                            .isEqualTo(1);
                });
    }

    @Test
    void metrics_whenDisabled_areNotRegistered() {
        runner.withBean(SimpleMeterRegistry.class)
                .withPropertyValues("xacct.secrets.metrics.enabled=false")
                .run(context -> {
                    context.getBean(XacctSecretsClient.class).get(SecretRef.parse(AWS.password.arn()));

                    assertThat(context.getBean(MeterRegistry.class)
                                    .find(XacctSecretsMetrics.FETCH)
                                    .timer())
                            .isNull();
                });
    }

    @Test
    void withoutMicrometerAndHealthOnTheClassPath_theClientStillWorks() {
        runner.withClassLoader(new FilteredClassLoader(
                        (java.util.function.Predicate<String>) name -> name.startsWith("io.micrometer.")
                                || name.equals(Boot3HealthIndicator.INDICATOR)
                                || name.equals("org.springframework.boot.health.contributor.HealthIndicator")))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(TestHealth.BEAN);
                    assertThat(context).doesNotHaveBean("xacctSecretsMetrics");
                    assertThat(context.getBean(XacctSecretsClient.class).getString(SecretRef.parse(AWS.password.arn())))
                            .isEqualTo(TestAws.PASSWORD_VALUE);
                });
    }

    @Test
    void listenerBeans_hearOfEveryRead() {
        List<DiagnosisCode> codes = new CopyOnWriteArrayList<>();
        XacctSecretsListener listener = new XacctSecretsListener() {
            @Override
            public void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {
                codes.add(code);
            }
        };
        runner.withBean("myListener", XacctSecretsListener.class, () -> listener)
                .run(context -> {
                    context.getBean(XacctSecretsClient.class).get(SecretRef.parse(AWS.password.arn()));
                    assertThat(codes).containsExactly(DiagnosisCode.OK);
                });
    }

    @Test
    void health_reportsTheLastOutcomePerSecret_andIsDownWhileOneCannotBeRead() {
        runner.withPropertyValues(
                        "xacct.secrets.verify.secrets=" + AWS.password.arn() + "," + AWS.noKeyPolicy.arn(),
                        "xacct.secrets.verify.fail-on-error=false")
                .run(context -> {
                    TestHealth.View health = TestHealth.indicator(context);

                    assertThat(health.status()).isEqualTo("DOWN");
                    assertThat(health.details()).containsOnlyKeys("secrets");
                    assertThat(health.details().get("secrets"))
                            .isEqualTo(Map.of(
                                    AWS.password.arn(), "OK",
                                    AWS.noKeyPolicy.arn(), "KEY_POLICY"));
                    assertThat(health.toString()).doesNotContain(TestAws.CANARY);
                });
    }

    @Test
    void health_isUpWhenEveryReadSucceeded() {
        runner.run(context -> {
            assertThat(TestHealth.indicator(context).status()).isEqualTo("UP");
            assertThat(TestHealth.indicator(context).details().get("secrets")).isEqualTo(Map.of());

            context.getBean(XacctSecretsClient.class).get(SecretRef.parse(AWS.config.arn()));
            assertThat(TestHealth.indicator(context).status()).isEqualTo("UP");
            assertThat(TestHealth.indicator(context).details().get("secrets"))
                    .isEqualTo(Map.of(AWS.config.arn(), "OK"));
        });
    }

    @Test
    void health_canBeTurnedOff() {
        runner.withPropertyValues("management.health.xacct-secrets.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(TestHealth.BEAN));
    }

    @Test
    void health_seesTheImportsOutcomes() {
        ImportedSecrets imports = new ImportedSecrets();
        imports.add(SecretRef.parse(AWS.config.arn()), DiagnosisCode.OK, false);
        imports.add(SecretRef.parse(TestAws.MISSING_ARN), DiagnosisCode.SECRET_RESOURCE_POLICY, true);
        runner.withBean(ImportedSecrets.BEAN_NAME, ImportedSecrets.class, () -> imports)
                .withPropertyValues("xacct.secrets.verify.on-startup=false")
                .run(context -> {
                    TestHealth.View health = TestHealth.indicator(context);
                    assertThat(health.status()).isEqualTo("UP");
                    assertThat(health.details().get("secrets"))
                            .isEqualTo(Map.of(AWS.config.arn(), "OK", TestAws.MISSING_ARN, "SECRET_RESOURCE_POLICY"));
                });
    }

    @Test
    void verification_ofReadableSecrets_logsTheCaller(CapturedOutput output) {
        runner.withPropertyValues("xacct.secrets.verify.secrets=" + AWS.password.arn() + "," + AWS.config.arn())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(AWS.emulator.requestLog().count("GetSecretValue"))
                            .isEqualTo(2);
                });
        assertThat(output)
                .contains("Verified 2 secrets at startup [caller=arn:aws:sts::222222222222:assumed-role/"
                        + "ApplicationRole/xacct-secrets]");
    }

    @Test
    void verification_ofImportedSecrets_readsThemWithTheApplicationsClient() {
        ImportedSecrets imports = new ImportedSecrets();
        imports.add(SecretRef.parse(AWS.config.arn()), DiagnosisCode.OK, false);
        imports.add(SecretRef.parse(AWS.noKeyPolicy.arn()), DiagnosisCode.KEY_POLICY, true);
        runner.withBean(ImportedSecrets.BEAN_NAME, ImportedSecrets.class, () -> imports)
                .run(context -> {
                    // The skipped optional import is not verified: the application chose to start without it.
                    assertThat(context).hasNotFailed();
                    assertThat(AWS.emulator.requestLog().count("GetSecretValue", AWS.config.arn()))
                            .isEqualTo(1);
                    assertThat(AWS.emulator.requestLog().count("GetSecretValue", AWS.noKeyPolicy.arn()))
                            .isZero();
                });
    }

    @Test
    void verification_whenOff_readsNothing() {
        runner.withPropertyValues(
                        "xacct.secrets.verify.secrets=" + AWS.noKeyPolicy.arn(),
                        "xacct.secrets.verify.on-startup=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(AWS.emulator.requestLog().count("GetSecretValue"))
                            .isZero();
                });
    }

    @Test
    void verification_withNothingToVerify_callsNoAws() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(AWS.emulator.requestLog().entries()).isEmpty();
        });
    }

    @Test
    void verification_failure_failsStartup_withAReportPerSecret() {
        runner.withPropertyValues("xacct.secrets.verify.secrets=" + AWS.password.arn() + ","
                        + AWS.noResourcePolicy.arn() + "," + AWS.noIdentityPolicy.arn())
                .run(context -> {
                    assertThat(context).hasFailed();
                    VerificationException failure = (VerificationException) context.getStartupFailure();
                    assertThat(failure.report().failures()).hasSize(2);

                    FailureAnalysis analysis = new VerificationFailureAnalyzer().analyze(failure);
                    assertThat(analysis.getDescription())
                            .startsWith("2 of 3 secrets cannot be read at startup (xacct.secrets.verify).")
                            .contains("Caller: arn:aws:sts::222222222222:assumed-role/ApplicationRole/xacct-secrets")
                            .containsPattern("OK +" + AWS.password.arn())
                            .containsPattern("SECRET_RESOURCE_POLICY +" + AWS.noResourcePolicy.arn())
                            .containsPattern("IDENTITY_POLICY +" + AWS.noIdentityPolicy.arn())
                            .contains("The secret's resource policy in account 111111111111 does not allow");
                    assertThat(analysis.getAction())
                            // Another account's secret: AWS answers a missing one alike, so the policy is a candidate.
                            .contains("For " + AWS.noResourcePolicy.arn() + ":\nAWS does not say which of these is "
                                    + "missing; check each:\n\nFix 1 of 2: In account 111111111111, change "
                                    + "the secret's resource policy on " + AWS.noResourcePolicy.arn())
                            .contains("\"AWS\": \"" + TestAws.ROLE_ARN + "\"")
                            .contains("For " + AWS.noIdentityPolicy.arn() + ":\nIn account 222222222222, change "
                                    + "the identity policy on " + TestAws.ROLE_ARN)
                            .contains("\"Resource\": \"" + AWS.noIdentityPolicy.arn() + "\"")
                            .contains("xacct.secrets.verify.fail-on-error=false")
                            .contains("verify --secret " + AWS.noResourcePolicy.arn() + " --secret "
                                    + AWS.noIdentityPolicy.arn() + " --role-arn " + TestAws.ROLE_ARN);
                });
    }

    @Test
    void verification_failure_withFailOnErrorOff_logsTheReport_andStarts(CapturedOutput output) {
        runner.withPropertyValues(
                        "xacct.secrets.verify.secrets=" + AWS.awsManagedKey.arn(),
                        "xacct.secrets.verify.fail-on-error=false")
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(output)
                .contains("1 of 1 secrets cannot be read (starting anyway: "
                        + "xacct.secrets.verify.fail-on-error=false)")
                .contains("AWS_MANAGED_KEY  " + AWS.awsManagedKey.arn());
    }

    @Test
    void verification_ofMalformedArn_failsStartup_sayingWhatIsWrong() {
        runner.withPropertyValues("xacct.secrets.verify.secrets=arn:aws:kms:us-east-1:111111111111:key/abc")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasMessageContaining("is a kms ARN, not a Secrets Manager secret ARN"));
    }
}
