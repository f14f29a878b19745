package dev.xacct.secrets.cli;

/** The usage texts: the global one and one per command. */
public final class Usage {

    /** How the tool is run, as the usage texts show it. */
    public static final String PROGRAM = "java -jar xacct-secrets-cli.jar";

    private Usage() {}

    /**
     * The global usage: the commands and the exit statuses.
     *
     * @return the text, ending with a line break
     */
    public static String global() {
        return """
                usage: %1$s <command> [options]

                Says why an application cannot read an AWS Secrets Manager secret of another account: which policy,
                in which account, and the exact statement to add.

                Commands:
                  verify     check that the caller can read each secret; name the fix for each one it cannot
                  fix        apply a verify report's fixes for the caller's account, or print them as code
                  emulator   run a local AWS emulator with a demo world of secrets, one per way access breaks

                Run '%1$s <command> --help' for the options of a command.

                Exit status: 0 every secret readable (fix: every fix applied or in place); 1 at least one
                diagnosis (fix: something left undone); 2 bad usage.
                """.formatted(PROGRAM);
    }

    /**
     * The usage of {@code fix}.
     *
     * @return the text, ending with a line break
     */
    public static String fix() {
        return """
                usage: %1$s fix --report FILE|- [--apply] [--profile NAME] [--region REGION]
                        [--endpoint-url URL]
                       %1$s fix --report FILE|- --format terraform|cli

                Takes the fixes of a 'verify --format json' report that belong to the caller's account (STS
                GetCallerIdentity) and lists those left for other accounts. For each policy to change it reads the
                current policy, merges the statements (appends; never removes or rewrites one; a statement already
                there changes nothing) and prints the diff. Commands (enable-key, cancel-key-deletion,
                restore-secret) are shown. Nothing changes without --apply; with it each policy is read again just
                before it is written, and left alone if it changed since the diff was shown. A statement granting
                access to everyone, or changing another account's resource, is refused.

                Options:
                  --report FILE|-              the JSON of 'verify --format json'; - reads standard input
                  --apply                      write the policies and run the commands
                  --format text|terraform|cli  text (default): read, diff and apply as the caller; terraform:
                                               aws_iam_policy_document statements and their resources; cli: AWS
                                               CLI commands. terraform and cli need no credentials.
                  --profile NAME               take credentials from this AWS profile
                  --region REGION              the region for STS; secrets and keys are called in their ARN's
                                               region
                  --endpoint-url URL           send every AWS call to this endpoint (an emulator)
                  -h, --help                   print this help

                Credentials come from the standard AWS chain unless --profile is given.

                Exit status: 0 every fix for this account applied or already in place; 1 something left undone
                (listed; a dry run with changes to make); 2 bad usage or a report it cannot read.
                """.formatted(PROGRAM);
    }

    /**
     * The usage of {@code verify}.
     *
     * @return the text, ending with a line break
     */
    public static String verify() {
        return """
                usage: %1$s verify --secret ARN [--secret ARN ...] [--role-arn ARN]
                        [--external-id ID] [--kms-key-arn ARN] [--region REGION] [--endpoint-url URL]
                        [--format text|json]

                Reads each secret as the caller (values are never printed) and reports, per secret, OK or the
                diagnosis code, the account and policy that must change, and the statement to add.

                Options:
                  --secret ARN        a secret to check, by its ARN (a partial ARN without the 6-character suffix
                                      works; a bare name means a secret of the caller's own account); repeatable
                  --role-arn ARN      assume this role through STS first and read as it (the application's role)
                  --external-id ID    the external id the role's trust policy requires (needs --role-arn)
                  --kms-key-arn ARN   the KMS key of the secrets, to tell a key policy from an identity policy
                                      when the caller may not call DescribeSecret
                  --region REGION     the region for STS and for secrets given by name; default: the AWS region
                                      chain (AWS_REGION, profile), else the first secret ARN's region. A secret
                                      ARN is always read in its own region.
                  --endpoint-url URL  send Secrets Manager, KMS, STS and IAM calls to this endpoint (an emulator,
                                      a proxy); default: AWS_ENDPOINT_URL if set, else AWS
                  --format text|json  text for people (default); json prints one JSON object for scripts
                  -h, --help          print this help

                Credentials come from the standard AWS chain: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
                AWS_SESSION_TOKEN; AWS_PROFILE and ~/.aws; SSO, web identity, container or instance credentials.

                Exit status: 0 every secret readable; 1 at least one diagnosis; 2 bad usage.
                """.formatted(PROGRAM);
    }

    /**
     * The usage of {@code emulator}.
     *
     * @return the text, ending with a line break
     */
    public static String emulator() {
        return """
                usage: %1$s emulator [--port PORT]

                Runs an AWS emulator (Secrets Manager, KMS, STS, IAM) on 127.0.0.1 with a demo world: account
                111111111111 owns one readable secret and one secret per way cross-account access breaks; account
                222222222222 has ApplicationRole and a demo user allowed to assume it. Prints the environment
                variables to export, each demo secret's ARN with the code verify gives for it, and an example
                verify command, then serves until stopped (Ctrl-C).

                Options:
                  --port PORT  the port to listen on, 0 for any free port (default: %2$d)
                  -h, --help   print this help
                """.formatted(PROGRAM, EmulatorCommand.DEFAULT_PORT);
    }
}
