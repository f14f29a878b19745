package dev.xacct.secrets.testkit;

import java.util.Optional;

/** Applies {@link OwnerAction}s to a world through the Java API of its parts. */
final class OwnerActions {

    private OwnerActions() {}

    static boolean apply(World world, OwnerAction action) {
        if (action instanceof OwnerAction.MergeStatement merge) {
            return switch (merge.policy()) {
                case SECRET_RESOURCE_POLICY ->
                    secret(world, merge.targetArn()).mergeResourcePolicyStatement(merge.statementJson());
                case KEY_POLICY -> key(world, merge.targetArn()).mergeKeyPolicyStatement(merge.statementJson());
                default -> role(world, merge.targetArn()).mergeTrustPolicyStatement(merge.statementJson());
            };
        }
        if (action instanceof OwnerAction.PutIdentityPolicy put) {
            Principal principal = world.role(put.principalArn())
                    .<Principal>map(r -> r)
                    .or(() -> world.user(put.principalArn()))
                    .orElseThrow(() -> noSuchEntity(put.principalArn()));
            Optional<String> before = principal.policy(put.policyName());
            principal.putPolicy(put.policyName(), put.policyJson());
            return !before.equals(principal.policy(put.policyName()));
        }
        return run(world, (OwnerAction.RunCommand) action);
    }

    private static boolean run(World world, OwnerAction.RunCommand run) {
        switch (run.command()) {
            case ENABLE_KEY -> {
                KmsKey key = key(world, run.targetArn());
                boolean changed = key.state() != KmsKey.State.ENABLED;
                key.enable();
                return changed;
            }
            case CANCEL_KEY_DELETION -> {
                key(world, run.targetArn()).cancelDeletion();
                return true;
            }
            case RESTORE_SECRET -> {
                Secret secret = secret(world, run.targetArn());
                boolean changed = secret.deletedDate().isPresent();
                secret.restore();
                return changed;
            }
            case UPDATE_SECRET_KMS_KEY_ID -> {
                Secret secret = secret(world, run.targetArn());
                Optional<String> before = secret.kmsKeyId();
                secret.kmsKeyId(run.argument());
                return !before.equals(secret.kmsKeyId());
            }
            default -> throw new IllegalStateException("unknown command " + run.command());
        }
    }

    private static Secret secret(World world, String arn) {
        return world.secret(arn)
                .orElseThrow(() -> new AwsRefusedException(
                        "no secret " + arn + " in this world",
                        "secretsmanager",
                        "ResourceNotFoundException",
                        400,
                        "Secrets Manager can't find the specified secret."));
    }

    private static KmsKey key(World world, String arn) {
        return world.key(arn)
                .orElseThrow(() -> new AwsRefusedException(
                        "no key " + arn + " in this world",
                        "kms",
                        "NotFoundException",
                        400,
                        "Key '" + arn + "' does not exist"));
    }

    private static IamRole role(World world, String arn) {
        return world.role(arn).orElseThrow(() -> noSuchEntity(arn));
    }

    private static AwsRefusedException noSuchEntity(String arn) {
        String kind = arn.contains(":user/") ? "user" : "role";
        return new AwsRefusedException(
                "no " + kind + " " + arn + " in this world",
                "iam",
                "NoSuchEntity",
                404,
                "The " + kind + " with name " + arn.substring(arn.lastIndexOf('/') + 1) + " cannot be found.");
    }
}
