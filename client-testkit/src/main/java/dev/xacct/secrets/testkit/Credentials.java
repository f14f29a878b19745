package dev.xacct.secrets.testkit;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/** The access keys the emulator has issued, and who each one belongs to. */
final class Credentials {

    /** An issued key: its caller and, for temporary credentials, when it expires. */
    record Issued(AccessKey key, Caller caller, @Nullable Instant expiration) {}

    private final ConcurrentMap<String, Issued> byAccessKeyId = new ConcurrentHashMap<>();

    void register(AccessKey key, Caller caller, @Nullable Instant expiration) {
        byAccessKeyId.put(key.accessKeyId(), new Issued(key, caller, expiration));
    }

    void revoke(String accessKeyId) {
        byAccessKeyId.remove(accessKeyId);
    }

    Optional<Issued> find(String accessKeyId) {
        return Optional.ofNullable(byAccessKeyId.get(accessKeyId));
    }
}
