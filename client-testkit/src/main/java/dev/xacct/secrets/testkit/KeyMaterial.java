package dev.xacct.secrets.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * AES-GCM key material and the emulator's ciphertext format:
 * {@code "XKMS" | version(1) | arnLength(2) | keyArn | iv(12) | AES-GCM(plaintext)}, with the encryption context
 * as additional authenticated data, so a wrong context fails like it does in KMS.
 */
final class KeyMaterial {

    private static final byte[] MAGIC = "XKMS".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;
    private static final int IV_LENGTH = 12;

    private final SecretKeySpec key;
    private final java.security.SecureRandom ivs = new java.security.SecureRandom();

    KeyMaterial(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, "AES");
    }

    /** The key ARN a ciphertext blob names, if it is in the emulator's format. */
    static Optional<String> keyArnOf(byte @Nullable [] blob) {
        if (blob == null || blob.length < MAGIC.length + 3) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        byte[] magic = new byte[MAGIC.length];
        buffer.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC) || buffer.get() != VERSION) {
            return Optional.empty();
        }
        int arnLength = Short.toUnsignedInt(buffer.getShort());
        if (arnLength > buffer.remaining()) {
            return Optional.empty();
        }
        byte[] arn = new byte[arnLength];
        buffer.get(arn);
        return Optional.of(new String(arn, StandardCharsets.UTF_8));
    }

    byte[] encrypt(String keyArn, byte[] plaintext, Map<String, String> context) {
        byte[] arn = keyArn.getBytes(StandardCharsets.UTF_8);
        byte[] iv = new byte[IV_LENGTH];
        ivs.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(aad(context));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(MAGIC.length + 3 + arn.length + IV_LENGTH + sealed.length)
                    .put(MAGIC)
                    .put(VERSION)
                    .putShort((short) arn.length)
                    .put(arn)
                    .put(iv)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext, or {@code null} when the blob was not made by this key with this context. */
    byte @Nullable [] decrypt(String keyArn, byte[] blob, Map<String, String> context) {
        if (!keyArnOf(blob).map(keyArn::equals).orElse(false)) {
            return null;
        }
        int offset = MAGIC.length + 3 + keyArn.getBytes(StandardCharsets.UTF_8).length;
        if (blob.length < offset + IV_LENGTH + 16) {
            return null;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, blob, offset, IV_LENGTH));
            cipher.updateAAD(aad(context));
            return cipher.doFinal(blob, offset + IV_LENGTH, blob.length - offset - IV_LENGTH);
        } catch (javax.crypto.AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] aad(Map<String, String> context) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(context)
                .forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
