package dev.xacct.secrets.benchmarks;

import com.amazonaws.secretsmanager.caching.SecretCache;
import com.amazonaws.secretsmanager.caching.SecretCacheConfiguration;
import dev.xacct.secrets.XacctSecretsClient;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Cold start: in a fresh JVM, from building the client to holding the first value, ours and the peer (on one SDK
 * client built like ours), against the same in-process emulator (in this, the parent JVM). The runs come in pairs that
 * alternate which library goes first, so that a machine's drift hits both alike. Prints each run and the medians as
 * a Markdown table, with the paired comparison (in how many pairs ours was faster, and the median of ours minus the
 * peer's), and writes it to the file given. Beside the wall-clock time, the CPU time the child JVM used (all its
 * threads: class loading, JIT, GC).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.xacct.secrets.benchmarks.ColdStart [runs] [file]} (5 runs each by
 * default). {@code -Dcoldstart.jvmOptions="..."} passes options to each child JVM, {@code {which}} standing for
 * {@code ours} or {@code peer}: {@code "-Xlog:class+load:file=/tmp/classes-{which}.txt"} shows what each loads.
 * {@code -Dcoldstart.wrapper="..."} runs each child under a command that counts instructions and reports them as
 * valgrind does ({@code I refs: N} on standard error); interpreted and with no garbage collection, a count that varies
 * by under 1% from run to run, where wall and CPU time vary by 5-30% on a shared machine:
 * {@code -Dcoldstart.wrapper="valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null"
 * -Dcoldstart.jvmOptions="-Xint -XX:+UseSerialGC -Xms1g -Xmn700m"}.
 */
public final class ColdStart {

    private static final Pattern INSTRUCTIONS = Pattern.compile("I\\s+refs:\\s+([\\d,]+)");

    private ColdStart() {}

    /** What one fresh JVM took: wall and CPU milliseconds, and instructions if counted (else -1). */
    private record Run(long millis, long cpuMillis, long instructions) {}

    /**
     * Runs the scenario.
     *
     * @param args optionally the runs per library, and the file to write the table to
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Run> ours = new ArrayList<>();
        List<Run> peer = new ArrayList<>();
        try (BenchWorld bench = new BenchWorld(1)) {
            // The emulator's own first requests (its class loading and JIT, in this JVM) are not a client's cold
            // start: a run of each, not counted, warms it; then the order alternates, so neither library always
            // comes first.
            child(bench, "ours");
            child(bench, "peer");
            for (int i = 0; i < runs; i++) {
                boolean oursFirst = i % 2 == 0;
                Run first = child(bench, oursFirst ? "ours" : "peer");
                Run second = child(bench, oursFirst ? "peer" : "ours");
                ours.add(oursFirst ? first : second);
                peer.add(oursFirst ? second : first);
            }
        }
        boolean counted = ours.get(0).instructions() >= 0;
        String report = "### Cold start: a fresh JVM, from building the client to the first value (ms)\n\n"
                + "| library | runs | median | CPU of the JVM, runs | median |"
                + (counted ? " instructions, runs | median |" : "")
                + "\n|---|---|---|---|---|"
                + (counted ? "---|---|" : "")
                + "\n"
                + row("xacct-secrets", ours, counted)
                + row("aws-secretsmanager-caching-java", peer, counted)
                + "\nPaired (ours minus the peer's, run by run): wall "
                + paired(ours, peer, Run::millis, " ms")
                + "; CPU "
                + paired(ours, peer, Run::cpuMillis, " ms")
                + (counted ? "; instructions " + paired(ours, peer, Run::instructions, "") : "")
                + ".\n";
        System.out.print(report);
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), report);
        }
    }

    private static String row(String name, List<Run> runs, boolean counted) {
        List<Long> millis = runs.stream().map(Run::millis).toList();
        List<Long> cpu = runs.stream().map(Run::cpuMillis).toList();
        String row = String.format(
                Locale.ROOT, "| %s | %s | %d | %s | %d |", name, millis, median(millis), cpu, median(cpu));
        if (counted) {
            List<Long> instructions = runs.stream().map(Run::instructions).toList();
            row += String.format(Locale.ROOT, " %s | %,d |", instructions, median(instructions));
        }
        return row + "\n";
    }

    /** In how many pairs ours took less, and the median of the differences. */
    private static String paired(List<Run> ours, List<Run> peer, ToLongFunction<Run> measure, String unit) {
        List<Long> differences = new ArrayList<>();
        int faster = 0;
        for (int i = 0; i < ours.size(); i++) {
            long difference = measure.applyAsLong(ours.get(i)) - measure.applyAsLong(peer.get(i));
            differences.add(difference);
            faster += difference < 0 ? 1 : 0;
        }
        return String.format(
                Locale.ROOT,
                "ours less in %d of %d pairs, median %+,d%s",
                faster,
                differences.size(),
                median(differences),
                unit);
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    /** One run in a fresh JVM with the same class path: the child prints its milliseconds, wall and CPU. */
    private static Run child(BenchWorld bench, String which) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(words(System.getProperty("coldstart.wrapper", "")));
        boolean counting = !command.isEmpty();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // JVM options for the child, to look inside a cold start (class loading, JFR); none by default.
        command.addAll(words(System.getProperty("coldstart.jvmOptions", "").replace("{which}", which)));
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName(),
                which,
                bench.aws.endpoint().toString(),
                bench.key.accessKeyId(),
                bench.key.secretAccessKey(),
                bench.arns.get(0)));
        File errors = File.createTempFile("coldstart-", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(counting ? ProcessBuilder.Redirect.to(errors) : ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(which + " run failed: " + out);
            }
            String[] last = out.substring(out.lastIndexOf('\n') + 1).strip().split(" ", 2);
            long instructions = -1;
            if (counting) {
                Matcher counted = INSTRUCTIONS.matcher(Files.readString(errors.toPath()));
                if (!counted.find()) {
                    throw new IllegalStateException("the wrapper reported no instruction count (I refs: N)");
                }
                instructions = Long.parseLong(counted.group(1).replace(",", ""));
            }
            return new Run(Long.parseLong(last[0]), Long.parseLong(last[1]), instructions);
        } finally {
            Files.deleteIfExists(errors.toPath());
        }
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
    }

    /** The child: builds one library's client and reads one secret, timing both. */
    public static final class Child {

        private Child() {}

        /**
         * One cold start.
         *
         * @param args {@code ours|peer}, the endpoint, the access key id, the secret key, the secret ARN
         */
        public static void main(String[] args) {
            long start = System.nanoTime();
            StaticCredentialsProvider credentials =
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(args[2], args[3]));
            java.net.URI endpoint = java.net.URI.create(args[1]);
            String value;
            if (args[0].equals("ours")) {
                try (XacctSecretsClient client = XacctSecretsClient.builder()
                        .endpointOverride(endpoint)
                        .region(BenchWorld.REGION)
                        .credentialsProvider(credentials)
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build()) {
                    value = client.getString(args[4]);
                }
            } else {
                SecretsManagerClient sdk = SecretsManagerClient.builder()
                        .endpointOverride(endpoint)
                        .region(Region.of(BenchWorld.REGION))
                        .credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create())
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build();
                try (SecretCache cache = new SecretCache(new SecretCacheConfiguration().withClient(sdk))) {
                    value = cache.getSecretString(args[4]);
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (value == null) {
                throw new IllegalStateException("no value");
            }
            long cpu = ProcessHandle.current()
                    .info()
                    .totalCpuDuration()
                    .orElseThrow()
                    .toMillis();
            System.out.println(millis + " " + cpu);
            System.exit(0);
        }
    }
}
