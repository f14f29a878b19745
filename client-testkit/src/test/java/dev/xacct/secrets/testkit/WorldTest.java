package dev.xacct.secrets.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Building a world: identifiers as AWS makes them, and bad input named clearly. */
class WorldTest {

    private final World world = World.create(MutableClock.at(Instant.parse("2026-01-01T00:00:00Z")), 7);

    @Test
    void secretArn_hasTheNameAndASixCharacterSuffix() {
        Secret secret = world.account("111111111111").createSecret("app/db", "eu-west-1");

        assertThat(secret.arn()).matches("arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db-[A-Za-z0-9]{6}");
        assertThat(secret.partialArn()).isEqualTo("arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db");
    }

    @Test
    void sameSeed_sameIdentifiers() {
        World again = World.create(MutableClock.at(Instant.EPOCH), 7);

        assertThat(again.account("111111111111").createSecret("x").arn())
                .isEqualTo(world.account("111111111111").createSecret("x").arn());
    }

    @Test
    void identifiers_haveTheirAwsPrefixes() {
        Account account = world.account("222222222222");

        assertThat(account.createRole("/service/", "Reader").arn())
                .isEqualTo("arn:aws:iam::222222222222:role/service/Reader");
        assertThat(account.createRole("R").uniqueId()).matches("AROA[A-Z2-7]{17}");
        assertThat(account.createUser("u").uniqueId()).matches("AIDA[A-Z2-7]{17}");
        assertThat(account.createUser("v").createAccessKey().accessKeyId()).matches("AKIA[A-Z2-7]{16}");
        assertThat(account.createKey().arn())
                .matches(
                        "arn:aws:kms:us-east-1:222222222222:key/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void accessKey_toStringHidesTheSecretKey() {
        AccessKey key = world.account("222222222222").createUser("u").createAccessKey();

        assertThat(key.toString()).contains(key.accessKeyId()).doesNotContain(key.secretAccessKey());
    }

    @Test
    void badAccountId_isNamed() {
        assertThatThrownBy(() -> world.account("1234"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accountId must be 12 digits, was: 1234");
    }

    @Test
    void badRegion_isNamed() {
        assertThatThrownBy(() -> world.account("111111111111").createSecret("x", "Mars"))
                .hasMessage("region must look like us-east-1, was: Mars");
    }

    @Test
    void badSecretName_isNamed() {
        assertThatThrownBy(() -> world.account("111111111111").createSecret("has space"))
                .hasMessageStartingWith("secret name must be 1-512 characters");
    }

    @Test
    void duplicateSecret_isRefused() {
        Account account = world.account("111111111111");
        account.createSecret("x");

        assertThatThrownBy(() -> account.createSecret("x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secret x already exists");
    }

    @Test
    void malformedPolicy_isRefusedWithWhatIsWrong() {
        IamRole role = world.account("111111111111").createRole("R");

        assertThatThrownBy(() -> role.putPolicy("p", "{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"*\"}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("identity policy p is not a valid policy document: ");
    }

    @Test
    void keyOfAnotherRegion_cannotEncryptASecret() {
        Account account = world.account("111111111111");
        KmsKey west = account.createKey("eu-west-1");

        assertThatThrownBy(() -> account.createSecret("x").kmsKey(west))
                .hasMessageContaining("kmsKey must be in the secret's region us-east-1");
    }

    @Test
    void awsManagedKey_isOnePerRegion_andCannotBeDisabled() {
        Account account = world.account("111111111111");

        assertThat(account.awsManagedKey()).isSameAs(account.awsManagedKey("us-east-1"));
        assertThat(account.awsManagedKey("eu-west-1")).isNotSameAs(account.awsManagedKey());
        assertThatThrownBy(() -> account.awsManagedKey().disable()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void fault_badArgumentsAreNamed() {
        assertThatThrownBy(() -> Fault.throttling().times(0)).hasMessage("times must be at least 1, was: 0");
        assertThatThrownBy(() -> Fault.throttling().fraction(1.5))
                .hasMessage("fraction must be between 0 and 1, was: 1.5");
    }
}
