package dev.xacct.secrets.internal;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisContext;
import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.VerifyReport;
import dev.xacct.secrets.internal.diagnosis.Diagnoses;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code verify()}: who the caller really is (and whether it is the configured role), then each secret read from AWS.
 */
public final class Verifier {

    private final Settings settings;
    private final AwsClients clients;
    private final Consumer<SecretRef> read;

    public Verifier(Settings settings, AwsClients clients, Consumer<SecretRef> read) {
        this.settings = settings;
        this.clients = clients;
        this.read = read;
    }

    public VerifyReport verify(Collection<SecretRef> refs) {
        String caller = null;
        Diagnosis callerFailure = null;
        try {
            caller = clients.sts().getCallerIdentity().arn();
        } catch (SdkException e) {
            callerFailure = Diagnoses.of(
                    e,
                    DiagnosisContext.builder()
                            .roleArn(settings.roleArn())
                            .externalId(settings.externalId())
                            .endpoint(KmsProbe.endpoint(settings, "sts", clients.defaultRegion()))
                            .step(
                                    settings.roleArn() != null
                                            ? DiagnosisContext.Step.ASSUME_ROLE
                                            : DiagnosisContext.Step.GET_CALLER_IDENTITY)
                            .build());
        }
        List<VerifyReport.Result> results = new ArrayList<>();
        for (SecretRef ref : refs) {
            results.add(new VerifyReport.Result(ref, callerFailure != null ? callerFailure : check(ref, caller)));
        }
        return new VerifyReport(caller, callerWarning(caller, callerFailure), results);
    }

    private Diagnosis check(SecretRef ref, String caller) {
        try {
            read.accept(ref);
            return Diagnoses.ok(DiagnosisContext.builder().callerArn(caller).build(), null);
        } catch (SecretAccessException e) {
            return e.diagnosis();
        }
    }

    /** A note when the caller is not a session of the role the client was told to use. */
    private String callerWarning(String caller, Diagnosis failure) {
        if (failure != null) {
            return "cannot find out who the caller is: " + failure.summary();
        }
        String role = settings.roleArn();
        if (role == null || caller == null) {
            return null;
        }
        String[] roleParts = role.split(":", 6);
        String roleName = roleParts[5].substring(roleParts[5].lastIndexOf('/') + 1);
        String expectedPrefix = "arn:" + roleParts[1] + ":sts::" + roleParts[4] + ":assumed-role/" + roleName + "/";
        return caller.startsWith(expectedPrefix)
                ? null
                : "the caller " + caller + " is not a session of the configured role " + role;
    }
}
