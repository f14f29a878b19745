package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.iam.PrincipalInfo;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One authenticated request being served: what was called, by whom, in which region, and when. */
final class Call {

    final Protocol protocol;
    final String operation;
    final Caller caller;
    final String region;
    final String requestId;
    final Instant now;
    /** The secret the request names, for the request log. */
    volatile @Nullable String secretId;
    /** Worked out once per request (Secrets Manager authorizes twice: on the secret, then on the key). */
    private volatile @Nullable PrincipalInfo principalInfo;

    private volatile @Nullable String currentTime;

    Call(Protocol protocol, String operation, Caller caller, String region, String requestId, Instant now) {
        this.protocol = protocol;
        this.operation = operation;
        this.caller = caller;
        this.region = region;
        this.requestId = requestId;
        this.now = now;
    }

    /** The caller as policy evaluation sees it, as the world has it when the request is first authorized. */
    PrincipalInfo principalInfo() {
        PrincipalInfo info = principalInfo;
        if (info == null) {
            info = caller.principalInfo();
            principalInfo = info;
        }
        return info;
    }

    /** {@code aws:CurrentTime}: when the request arrived, ISO-8601. */
    String currentTime() {
        String time = currentTime;
        if (time == null) {
            time = now.toString();
            currentTime = time;
        }
        return time;
    }
}
