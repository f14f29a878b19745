package dev.xacct.secrets.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xacct.secrets.Fix;
import dev.xacct.secrets.cli.internal.AwsAccess;
import dev.xacct.secrets.cli.internal.CliRenderer;
import dev.xacct.secrets.cli.internal.FixPlan;
import dev.xacct.secrets.cli.internal.LineDiff;
import dev.xacct.secrets.cli.internal.PolicyDocuments;
import dev.xacct.secrets.cli.internal.PolicyTarget;
import dev.xacct.secrets.cli.internal.ReportFix;
import dev.xacct.secrets.cli.internal.ReportReader;
import dev.xacct.secrets.cli.internal.TerraformRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * {@code fix}: applies a {@code verify} report's fixes for the caller's account, safely — or prints them as Terraform
 * or AWS CLI code. Each policy is read, the statements merged (appended; nothing there is removed or rewritten), the
 * diff shown; with {@code --apply} the policy is read again just before it is written, and left alone if it changed
 * since the diff was shown. Reports carry no secret values, and {@code fix} reads none.
 */
public final class FixCommand {

    private FixCommand() {}

    /**
     * Runs {@code fix}.
     *
     * @param request the checked command line
     * @param in standard input, read for {@code --report -}
     * @param out where the report of what was (or would be) done goes
     * @param err where errors go
     * @return {@link Main#OK} when everything of the caller's account is applied or in place, {@link Main#DIAGNOSED}
     *     when something is left undone, {@link Main#USAGE} when the report cannot be read
     */
    public static int run(FixRequest request, InputStream in, PrintStream out, PrintStream err) {
        return run(request, in, out, err, target -> {});
    }

    /**
     * Runs {@code fix}, calling {@code beforeWrite} between showing a policy's diff and reading it again to write it
     * (a test changes the policy there, as a colleague would in the meantime).
     */
    static int run(
            FixRequest request, InputStream in, PrintStream out, PrintStream err, Consumer<PolicyTarget> beforeWrite) {
        List<ReportFix> fixes;
        try {
            fixes = ReportReader.read(readReport(request.report(), in));
        } catch (IOException e) {
            err.println("error: --report: cannot read " + request.report() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return Main.USAGE;
        } catch (ReportReader.UnreadableReportException e) {
            err.println("error: --report: " + request.report() + " is not a verify report: " + e.getMessage());
            return Main.USAGE;
        }
        if (request.format() != FixRequest.Format.TEXT) {
            FixPlan plan = FixPlan.of(fixes, null);
            out.print(
                    request.format() == FixRequest.Format.TERRAFORM
                            ? TerraformRenderer.render(plan)
                            : CliRenderer.render(plan));
            out.flush();
            return plan.refused().isEmpty() && plan.forPeople().isEmpty() ? Main.OK : Main.DIAGNOSED;
        }
        try (AwsAccess aws = new AwsAccess(request.profile(), request.endpoint(), request.region())) {
            GetCallerIdentityResponse caller;
            try {
                caller = aws.caller();
            } catch (SdkException e) {
                err.println("error: cannot tell who the caller is (STS GetCallerIdentity): " + describe(e));
                return Main.DIAGNOSED;
            }
            return new Run(FixPlan.of(fixes, caller.account()), aws, request.apply(), out, beforeWrite).execute(caller);
        }
    }

    private static String readReport(String report, InputStream in) throws IOException {
        byte[] bytes = report.equals("-") ? in.readAllBytes() : Files.readAllBytes(Path.of(report));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** An AWS failure on one line: the error code and AWS's message, or the client's message. */
    static String describe(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode() + ": "
                    + aws.awsErrorDetails().errorMessage();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.replaceAll("\\s*\\R\\s*", " ");
    }

    /** One run over a plan: prints as it goes, counts what is left undone. */
    private static final class Run {
        private final FixPlan plan;
        private final AwsAccess aws;
        private final boolean apply;
        private final PrintStream out;
        private final Consumer<PolicyTarget> beforeWrite;
        private int changed;
        private int pending;
        private int undone;

        Run(FixPlan plan, AwsAccess aws, boolean apply, PrintStream out, Consumer<PolicyTarget> beforeWrite) {
            this.plan = plan;
            this.aws = aws;
            this.apply = apply;
            this.out = out;
            this.beforeWrite = beforeWrite;
        }

        int execute(GetCallerIdentityResponse caller) {
            out.println("Caller: " + caller.arn() + " (account " + caller.account() + ")");
            out.println(
                    apply
                            ? "Applying the fixes for account " + caller.account() + "."
                            : "Dry run: nothing is changed without --apply.");
            if (!plan.others().isEmpty()) {
                out.println();
                out.println("Left for other accounts (run fix there, with their credentials):");
                plan.others().forEach(line -> out.println("  " + line));
            }
            if (!plan.refused().isEmpty()) {
                out.println();
                plan.refused().forEach(out::println);
                undone += plan.refused().size();
            }
            // Commands first: a secret marked for deletion takes no resource policy until it is restored.
            for (Fix.RunCommand command : plan.commands()) {
                command(command);
            }
            for (Map.Entry<PolicyTarget, List<JsonNode>> policy :
                    plan.policies().entrySet()) {
                policy(policy.getKey(), policy.getValue());
            }
            if (!plan.forPeople().isEmpty()) {
                out.println();
                out.println("Left to a person of this account (no program can decide these):");
                plan.forPeople()
                        .forEach(fix -> out.println("  " + fix.code() + " " + fix.secret() + ": " + fix.instruction()));
                undone += plan.forPeople().size();
            }
            if (!plan.advice().isEmpty()) {
                out.println();
                out.println("Also given by the report, for a person of this account to consider:");
                plan.advice()
                        .forEach(fix -> out.println("  " + fix.code() + " " + fix.secret() + ": " + fix.instruction()));
            }
            out.println();
            out.println(summary());
            out.flush();
            return undone == 0 && pending == 0 ? Main.OK : Main.DIAGNOSED;
        }

        private String summary() {
            if (changed == 0 && pending == 0 && undone == 0) {
                return "Nothing to do: every fix for this account is in place.";
            }
            if (apply) {
                return changed + " change" + (changed == 1 ? "" : "s") + " applied"
                        + (undone == 0 ? "." : "; " + undone + " left undone (listed above).");
            }
            return pending + " change" + (pending == 1 ? "" : "s") + " to make; run again with --apply to make "
                    + (pending == 1 ? "it" : "them")
                    + (undone == 0 ? "." : "; " + undone + " left undone (listed " + "above).");
        }

        private void command(Fix.RunCommand command) {
            out.println();
            out.println("Command: " + command.commandLine());
            if (!AwsAccess.runs(command)) {
                out.println("  left undone: fix runs only enable-key, cancel-key-deletion, restore-secret and "
                        + "update-secret --kms-key-id; run it yourself");
                undone++;
                return;
            }
            try {
                if (!aws.needed(command)) {
                    out.println("  already done");
                    return;
                }
                if (!apply) {
                    out.println("  would run");
                    pending++;
                    return;
                }
                aws.run(command);
                out.println("  ran");
                changed++;
            } catch (SdkException e) {
                out.println("  failed: " + describe(e));
                undone++;
            }
        }

        private void policy(PolicyTarget target, List<JsonNode> statements) {
            out.println();
            out.println("Policy: " + target.describe());
            String current;
            try {
                current = aws.read(target);
            } catch (SdkException e) {
                out.println("  failed to read it: " + describe(e));
                undone++;
                return;
            }
            ObjectNode before = PolicyDocuments.parse(current);
            List<JsonNode> additions = new java.util.ArrayList<>();
            for (JsonNode statement : statements) {
                List<String> bypassed = target.kind() == PolicyTarget.Kind.TRUST_POLICY
                        ? PolicyDocuments.conditionBypassed(before, statement)
                        : List.of();
                if (bypassed.isEmpty()) {
                    additions.add(statement);
                } else {
                    // The owner's condition is what blocks the read: adding a statement without it would remove it.
                    boolean externalId = bypassed.stream().anyMatch("sts:ExternalId"::equalsIgnoreCase);
                    out.println("  left undone: the trust policy allows sts:AssumeRole only under the owner's"
                            + " Condition (" + String.join(", ", bypassed) + "), which a statement for "
                            + statement.path("Principal").path("AWS").toString().replace("\"", "")
                            + " without it would bypass; the fix is on the client's side: "
                            + (externalId
                                    ? "configure the external id the role's owner gives (--external-id, or the"
                                            + " client's externalId)"
                                    : "meet that condition, or ask the role's owner (their decision)"));
                    undone++;
                }
            }
            if (additions.isEmpty()) {
                return;
            }
            PolicyDocuments.Merge merge = PolicyDocuments.merge(before, additions);
            if (!merge.changes()) {
                out.println("  already in place: every statement is there");
                return;
            }
            String shownBefore = current == null ? "" : PolicyDocuments.pretty(before);
            if (current == null) {
                out.println("  (no policy yet)");
            }
            LineDiff.of(shownBefore, PolicyDocuments.pretty(merge.after())).forEach(line -> out.println("  " + line));
            List<String> deleted = PolicyDocuments.deletedPrincipals(before);
            if (!deleted.isEmpty()) {
                // Writing the merged policy back would fail: AWS stores no policy naming a deleted principal.
                out.println("  left undone: the policy names a deleted role or user by its unique id ("
                        + String.join(", ", deleted) + "), which AWS refuses to store again; remove that statement "
                        + "(a person's decision), then run fix again");
                undone++;
                return;
            }
            if (!apply) {
                out.println("  would write it");
                pending++;
                return;
            }
            beforeWrite.accept(target);
            try {
                String again = aws.read(target);
                if (!same(current, again)) {
                    out.println("  refused: the policy changed since it was read; nothing written. Run fix again "
                            + "to see the new diff.");
                    undone++;
                    return;
                }
                aws.write(target, PolicyDocuments.compact(merge.after()));
                out.println("  written");
                changed++;
            } catch (SdkException e) {
                out.println("  failed: " + describe(e));
                undone++;
            }
        }

        private static boolean same(String shown, String now) {
            if (shown == null || now == null) {
                return shown == null && now == null;
            }
            return PolicyDocuments.parse(shown).equals(PolicyDocuments.parse(now));
        }
    }
}
