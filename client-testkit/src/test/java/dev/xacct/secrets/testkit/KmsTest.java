package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DryRunModifierType;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/** KMS Decrypt and DescribeKey called directly, as a diagnostic probe would call them. */
class KmsTest {

    private static final Map<String, String> CONTEXT = Map.of("purpose", "test");
    private static final SdkBytes DUMMY = SdkBytes.fromUtf8String("not a ciphertext");

    private CrossAccountFixture fx;

    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(() -> {
        fx = new CrossAccountFixture(World.create());
        return fx.world;
    });

    private AwsEmulator aws;
    private Sdk sdk;
    private KmsClient kms;
    private byte[] ciphertext;

    @BeforeEach
    void start() {
        aws = emulator.emulator();
        sdk = new Sdk(aws);
        kms = sdk.kms(fx.roleSession(sdk));
        ciphertext = fx.key.encrypt("hello".getBytes(StandardCharsets.UTF_8), CONTEXT);
    }

    @AfterEach
    void stop() throws Exception {
        sdk.close();
    }

    private String denied(String resourceClause, String reason) {
        return "User: " + fx.sessionArn() + " is not authorized to perform: kms:Decrypt " + resourceClause + " "
                + reason;
    }

    @Test
    void decrypt_withoutKeyId_findsTheKeyInTheCiphertext() {
        DecryptResponse response = kms.decrypt(
                r -> r.ciphertextBlob(SdkBytes.fromByteArray(ciphertext)).encryptionContext(CONTEXT));

        assertThat(response.plaintext().asUtf8String()).isEqualTo("hello");
        assertThat(response.keyId()).isEqualTo(fx.key.arn());
        assertThat(response.encryptionAlgorithmAsString()).isEqualTo("SYMMETRIC_DEFAULT");
    }

    @Test
    void decrypt_withAnotherEncryptionContext_invalidCiphertext() {
        assertAwsError(
                () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                        .encryptionContext(Map.of("purpose", "other"))),
                400,
                "InvalidCiphertextException",
                null);
    }

    @Test
    void decrypt_keyPolicyWithoutTheRole_namesTheResourceBasedPolicy() {
        fx.removeKeyPolicyStatement();

        assertAwsError(
                () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                        .encryptionContext(CONTEXT)
                        .keyId(fx.key.arn())),
                400,
                "AccessDeniedException",
                denied(
                        "on resource: " + fx.key.arn(),
                        "because no resource-based policy allows the kms:Decrypt action"));
    }

    @Test
    void decrypt_withoutKeyId_doesNotNameTheKeyInTheDenial() {
        fx.role.putPolicy("read", fx.identityPolicy(true, false));

        assertAwsError(
                () -> kms.decrypt(r ->
                        r.ciphertextBlob(SdkBytes.fromByteArray(ciphertext)).encryptionContext(CONTEXT)),
                400,
                "AccessDeniedException",
                denied(
                        "on the resource associated with this ciphertext",
                        "because no identity-based policy allows the kms:Decrypt action"));
    }

    @Test
    void decrypt_keyPolicyWithoutRootDelegation_makesTheSameAccountIdentityPolicyUseless() throws Exception {
        IamUser local = fx.owner.createUser("local").putPolicy("kms", Policies.allow("*", "kms:*"));
        fx.key.keyPolicy(Policies.allowPrincipal(fx.role.arn(), "kms:Decrypt"));
        KmsClient localKms = sdk.kms(local.createAccessKey());

        assertAwsError(
                () -> localKms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                        .encryptionContext(CONTEXT)
                        .keyId(fx.key.arn())),
                400,
                "AccessDeniedException",
                "User: " + local.arn() + " is not authorized to perform: kms:Decrypt "
                        + "on resource: " + fx.key.arn() + " because no resource-based policy allows the kms:Decrypt "
                        + "action");
    }

    @ParameterizedTest
    @EnumSource(DecryptOrder.class)
    void decrypt_dummyCiphertextWithKeyId_followsTheWorldsDecryptOrder(DecryptOrder order) {
        fx.world.decryptOrder(order);
        fx.removeKeyPolicyStatement();

        if (order == DecryptOrder.AUTHORIZE_FIRST) {
            assertAwsError(
                    () -> kms.decrypt(r -> r.ciphertextBlob(DUMMY).keyId(fx.key.arn())),
                    400,
                    "AccessDeniedException",
                    denied(
                            "on resource: " + fx.key.arn(),
                            "because no resource-based policy allows the kms:Decrypt action"));
        } else {
            assertAwsError(
                    () -> kms.decrypt(r -> r.ciphertextBlob(DUMMY).keyId(fx.key.arn())),
                    400,
                    "InvalidCiphertextException",
                    null);
        }
    }

    @ParameterizedTest
    @EnumSource(DecryptOrder.class)
    void decrypt_dummyCiphertextWithKeyId_isAnInvalidCiphertextForACallerWithAccess(DecryptOrder order) {
        fx.world.decryptOrder(order);

        assertAwsError(
                () -> kms.decrypt(r -> r.ciphertextBlob(DUMMY).keyId(fx.key.arn())),
                400,
                "InvalidCiphertextException",
                null);
    }

    @Test
    void decrypt_dryRunIgnoringTheCiphertext_saysWhetherTheCallerMayDecrypt() {
        assertAwsError(
                () -> kms.decrypt(
                        r -> r.keyId(fx.key.arn()).dryRun(true).dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)),
                400,
                "DryRunOperationException",
                "The request would have succeeded, but the DryRun option is set.");

        fx.removeKeyPolicyStatement();
        assertAwsError(
                () -> kms.decrypt(
                        r -> r.keyId(fx.key.arn()).dryRun(true).dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)),
                400,
                "AccessDeniedException",
                denied(
                        "on resource: " + fx.key.arn(),
                        "because no resource-based policy allows the kms:Decrypt action"));
    }

    @Test
    void decrypt_disabledKey_disabledException() {
        fx.key.disable();

        assertAwsError(
                () -> kms.decrypt(r ->
                        r.ciphertextBlob(SdkBytes.fromByteArray(ciphertext)).encryptionContext(CONTEXT)),
                400,
                "DisabledException",
                fx.key.arn() + " is disabled.");
    }

    @Test
    void decrypt_keyPendingDeletion_invalidState() {
        fx.key.scheduleDeletion();

        assertAwsError(
                () -> kms.decrypt(r ->
                        r.ciphertextBlob(SdkBytes.fromByteArray(ciphertext)).encryptionContext(CONTEXT)),
                400,
                "KMSInvalidStateException",
                fx.key.arn() + " is pending deletion.");
    }

    @Test
    void decrypt_withAnotherKeysId_incorrectKey() {
        KmsKey other = fx.owner.createKey().allow(fx.role.arn(), "kms:Decrypt");
        fx.role.putPolicy("kms", Policies.allow(other.arn(), "kms:Decrypt"));

        assertAwsError(
                () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                        .encryptionContext(CONTEXT)
                        .keyId(other.arn())),
                400,
                "IncorrectKeyException",
                "The key ID in the request does not identify a CMK that can perform this operation.");
    }

    @Test
    void decrypt_unknownKeyArn_notFound() {
        String missing = "arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000000";

        assertAwsError(
                () -> kms.decrypt(r -> r.ciphertextBlob(DUMMY).keyId(missing)),
                400,
                "NotFoundException",
                "Key '" + missing + "' does not exist");
    }

    @Test
    void describeKey_customerManagedKey_crossAccount() {
        fx.role.putPolicy("describe", Policies.allow(fx.key.arn(), "kms:DescribeKey"));

        KeyMetadata metadata = kms.describeKey(r -> r.keyId(fx.key.arn())).keyMetadata();

        assertThat(metadata.arn()).isEqualTo(fx.key.arn());
        assertThat(metadata.keyId()).isEqualTo(fx.key.keyId());
        assertThat(metadata.awsAccountId()).isEqualTo(CrossAccountFixture.OWNER);
        assertThat(metadata.keyManager()).isEqualTo(KeyManagerType.CUSTOMER);
        assertThat(metadata.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(metadata.enabled()).isTrue();
    }

    @Test
    void describeKey_awsManagedAlias_resolvesInTheCallersAccount() throws Exception {
        IamUser local = fx.owner.createUser("local").putPolicy("kms", Policies.allow("*", "kms:DescribeKey"));
        KeyMetadata metadata = sdk.kms(local.createAccessKey())
                .describeKey(r -> r.keyId("alias/aws/secretsmanager"))
                .keyMetadata();

        assertThat(metadata.keyManager()).isEqualTo(KeyManagerType.AWS);
        assertThat(metadata.arn()).isEqualTo(fx.owner.awsManagedKey().arn());
    }

    @Test
    void describeKey_awsManagedKeyOfAnotherAccount_deniedByItsFixedKeyPolicy() {
        String managed = fx.owner.awsManagedKey().arn();
        fx.role.putPolicy("kms", Policies.allow("*", "kms:DescribeKey"));

        assertAwsError(
                () -> kms.describeKey(r -> r.keyId(managed)),
                400,
                "AccessDeniedException",
                "User: " + fx.sessionArn() + " is not authorized to perform: kms:DescribeKey on resource: " + managed
                        + " because no resource-based policy allows the kms:DescribeKey action");
    }

    @Test
    void awsManagedKeyPolicy_cannotBeChanged() {
        KmsKey managed = fx.owner.awsManagedKey();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> managed.keyPolicy(Policies.defaultKeyPolicy("1")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("alias/aws/secretsmanager");
    }
}
