package dev.xacct.secrets.benchmarks;

import com.amazonaws.secretsmanager.caching.SecretCache;
import com.amazonaws.secretsmanager.caching.SecretCacheConfiguration;
import dev.xacct.secrets.XacctSecretsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Cold start: in a fresh JVM, from building the client to holding the first value, ours and the peer (on one SDK
 * client built like ours), against the same in-process emulator (in this, the parent JVM). The runs alternate (ours,
 * peer, ours…) so that a machine's drift hits both alike. Prints the milliseconds of each run and the median, as a
 * Markdown table, and writes it to the file given; beside the wall-clock time, the CPU time the child JVM used (all
 * its threads: class loading, JIT, GC), which a busy shared machine disturbs far less.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.xacct.secrets.benchmarks.ColdStart [runs] [file]} (5 runs each by
 * default). {@code -Dcoldstart.jvmOptions="..."} passes options to each child JVM, {@code {which}} standing for
 * {@code ours} or {@code peer}: {@code "-Xlog:class+load:file=/tmp/classes-{which}.txt"} shows what each loads.
 */
public final class ColdStart {

    private ColdStart() {}

    /**
     * Runs the scenario.
     *
     * @param args optionally the runs per library, and the file to write the table to
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Long> ours = new ArrayList<>();
        List<Long> peer = new ArrayList<>();
        List<Long> oursCpu = new ArrayList<>();
        List<Long> peerCpu = new ArrayList<>();
        try (BenchWorld bench = new BenchWorld(1)) {
            // The emulator's own first requests (its class loading and JIT, in this JVM) are not a client's cold
            // start: a run of each, not counted, warms it; then the order alternates, so neither library always
            // comes first.
            child(bench, "ours");
            child(bench, "peer");
            for (int i = 0; i < runs; i++) {
                boolean oursFirst = i % 2 == 0;
                long[] first = child(bench, oursFirst ? "ours" : "peer");
                long[] second = child(bench, oursFirst ? "peer" : "ours");
                long[] run = oursFirst ? first : second;
                ours.add(run[0]);
                oursCpu.add(run[1]);
                run = oursFirst ? second : first;
                peer.add(run[0]);
                peerCpu.add(run[1]);
            }
        }
        String report = "### Cold start: a fresh JVM, from building the client to the first value (ms)\n\n"
                + "| library | runs | median | CPU of the JVM, runs | median |\n|---|---|---|---|---|\n"
                + row("xacct-secrets", ours, oursCpu)
                + row("aws-secretsmanager-caching-java", peer, peerCpu);
        System.out.print(report);
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), report);
        }
    }

    private static String row(String name, List<Long> millis, List<Long> cpu) {
        return String.format(
                Locale.ROOT, "| %s | %s | %d | %s | %d |%n", name, millis, median(millis), cpu, median(cpu));
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    /** One run in a fresh JVM with the same class path: the child prints its milliseconds, wall and CPU. */
    private static long[] child(BenchWorld bench, String which) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString()));
        // JVM options for the child, to look inside a cold start (class loading, JFR); none by default.
        String options = System.getProperty("coldstart.jvmOptions", "").replace("{which}", which);
        if (!options.isBlank()) {
            command.addAll(List.of(options.strip().split("\\s+")));
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName(),
                which,
                bench.aws.endpoint().toString(),
                bench.key.accessKeyId(),
                bench.key.secretAccessKey(),
                bench.arns.get(0)));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(which + " run failed: " + out);
        }
        String[] last = out.substring(out.lastIndexOf('\n') + 1).strip().split(" ", 2);
        return new long[] {Long.parseLong(last[0]), Long.parseLong(last[1])};
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
