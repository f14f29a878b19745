package dev.xacct.secrets.testkit;

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

    Call(Protocol protocol, String operation, Caller caller, String region, String requestId, Instant now) {
        this.protocol = protocol;
        this.operation = operation;
        this.caller = caller;
        this.region = region;
        this.requestId = requestId;
        this.now = now;
    }
}
