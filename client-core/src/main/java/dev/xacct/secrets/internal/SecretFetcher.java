package dev.xacct.secrets.internal;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.DiagnosisContext;
import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.SecretValue;
import dev.xacct.secrets.internal.diagnosis.Diagnoses;
import java.time.Duration;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * One {@code GetSecretValue} call, in the secret's region, and the diagnosis of its failure (with the KMS probe when
 * Secrets Manager only says "Access to KMS is not allowed").
 */
public final class SecretFetcher {

    private final Settings settings;
    private final AwsClients clients;
    /** Made for the first KMS denial: a read that succeeds loads none of it (nor the KMS SDK's classes). */
    private volatile KmsProbe kmsProbe;

    public SecretFetcher(Settings settings, AwsClients clients) {
        this.settings = settings;
        this.clients = clients;
    }

    /**
     * Reads the secret version {@code ref} names ({@code ref} has its region).
     *
     * @throws SecretAccessException with the diagnosis, if the read fails
     */
    public SecretValue fetch(SecretRef ref) {
        requireExpectedOwner(ref);
        String region = clients.routedRegion(ref.region() != null ? ref.region() : clients.defaultRegion());
        long start = System.nanoTime();
        try {
            GetSecretValueResponse response = clients.secretsManager(region)
                    .getSecretValue(GetSecretValueRequest.builder()
                            .secretId(ref.secretId())
                            // AWSCURRENT named explicitly, so that a resource policy conditioned on
                            // secretsmanager:VersionStage (which is in the request only when sent) can allow the read.
                            .versionStage(
                                    ref.versionStage() == null && ref.versionId() == null
                                            ? "AWSCURRENT"
                                            : ref.versionStage())
                            .versionId(ref.versionId())
                            .build());
            if (response.arn() == null || (response.secretString() == null) == (response.secretBinary() == null)) {
                // An empty body or {} parses without error: the service's failure, so transient, not lost access.
                throw software.amazon.awssdk.core.exception.SdkClientException.create(
                        "The response could not be read: it names no secret or not exactly one value");
            }
            SecretValue value = (response.secretString() != null
                            ? SecretValue.ofString(response.arn(), response.secretString())
                            : SecretValue.ofBinary(
                                    response.arn(), response.secretBinary().asByteArrayUnsafe()))
                    .withVersion(response.versionId(), response.versionStages(), response.createdDate());
            requireExpectedOwner(ref, value);
            settings.listener().fetched(ref, DiagnosisCode.OK, Duration.ofNanos(System.nanoTime() - start));
            return value;
        } catch (AbortedException e) {
            // The SDK's own timer interrupts a call past its limit; depending on where, that surfaces as an abort.
            SecretAccessException timeout = timedOut(ref, settings.network().apiCallTimeout());
            settings.listener().fetched(ref, timeout.code(), Duration.ofNanos(System.nanoTime() - start));
            throw timeout;
        } catch (SdkException e) {
            Diagnosis diagnosis = diagnose(ref, region, e);
            settings.listener().fetched(ref, diagnosis.code(), Duration.ofNanos(System.nanoTime() - start));
            throw new SecretAccessException(ref, diagnosis, e);
        } catch (SecretAccessException e) {
            throw e;
        } catch (RuntimeException e) {
            // Not from AWS (a bug, a broken interceptor): still a diagnosis, so the cache remembers and backs off.
            Diagnosis diagnosis = Diagnoses.of(e, context(ref, region, false));
            settings.listener().fetched(ref, diagnosis.code(), Duration.ofNanos(System.nanoTime() - start));
            throw new SecretAccessException(ref, diagnosis, e);
        }
    }

    /**
     * The failure of a fetch of {@code ref} that did not end within {@code bound}: a network timeout (transient), as if
     * the SDK had given up, and diagnosed without further calls.
     */
    public SecretAccessException timedOut(SecretRef ref, Duration bound) {
        ApiCallTimeoutException timeout = ApiCallTimeoutException.create(bound.toMillis());
        String region = ref.region() != null ? ref.region() : clients.defaultRegion();
        return new SecretAccessException(ref, Diagnoses.of(timeout, context(ref, region, false)), timeout);
    }

    /**
     * The context the diagnosis needs: what was asked, where, and (with {@code whoAmI}) as whom, which costs an STS
     * call on this failure path.
     */
    DiagnosisContext context(SecretRef ref, String region, boolean whoAmI) {
        return DiagnosisContext.builder()
                .secretId(ref.secretId())
                .secretArn(ref.isFullArn() ? ref.secretId() : null)
                .roleArn(settings.roleArn())
                .callerArn(whoAmI ? clients.callerArn() : null)
                .kmsKeyArn(settings.diagnosis().kmsKeyArn())
                .clientRegion(region)
                .endpoint(KmsProbe.endpoint(settings, "secretsmanager", region))
                .step(DiagnosisContext.Step.GET_SECRET_VALUE)
                .build();
    }

    private Diagnosis diagnose(SecretRef ref, String region, SdkException failure) {
        // Classified once, without asking anything more: a transient failure (throttling, 5xx, network, timeout)
        // must not double the calls in an outage, nor wait on STS as well. Otherwise the probes take it from there.
        Diagnoses.Classification classified = Diagnoses.classify(failure, context(ref, region, false));
        if (classified.code().isTransient()) {
            return classified.diagnosis();
        }
        KmsProbe probe = kmsProbe;
        if (probe == null) {
            probe = new KmsProbe(settings, clients);
            kmsProbe = probe;
        }
        return probe.diagnose(ref, region, classified, context(ref, region, true));
    }

    /** Refuses, before any call, a reference whose ARN names another account than the expected owner. */
    private void requireExpectedOwner(SecretRef ref) {
        String expected = settings.diagnosis().expectedOwnerAccount();
        if (expected != null && ref.hasOwner() && !expected.equals(ref.accountId())) {
            throw new SecretAccessException(
                    ref, Diagnoses.unexpectedOwner(ref.secretId(), expected, ref.accountId()), null);
        }
    }

    /** Refuses a value from another account than the expected owner (a bare name resolves in the caller's). */
    private void requireExpectedOwner(SecretRef ref, SecretValue value) {
        String expected = settings.diagnosis().expectedOwnerAccount();
        String actual = value.arn().split(":", 6)[4];
        if (expected != null && !expected.equals(actual)) {
            throw new SecretAccessException(ref, Diagnoses.unexpectedOwner(value.arn(), expected, actual), null);
        }
    }
}
