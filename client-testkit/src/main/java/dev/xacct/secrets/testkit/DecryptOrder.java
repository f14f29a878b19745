package dev.xacct.secrets.testkit;

/**
 * The order of checks in KMS {@code Decrypt} when the request names a {@code KeyId} and carries a ciphertext that is
 * not valid. Real AWS does not document it, so the emulator lets a test choose, and tests of a diagnostic probe can
 * run under both.
 */
public enum DecryptOrder {
    /** Authorize the caller on the named key first: a caller without access gets {@code AccessDeniedException}. */
    AUTHORIZE_FIRST,
    /** Reject the ciphertext first: every caller gets {@code InvalidCiphertextException}, access or not. */
    VALIDATE_CIPHERTEXT_FIRST
}
