#!/usr/bin/env bash
# The whole benchmark suite, ours beside aws-secretsmanager-caching-java on the same in-process emulator.
# About 14 minutes on 2 cores, the build included. Results go to benchmarks/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q install -DskipTests
mkdir -p benchmarks/results
jar=benchmarks/target/benchmarks.jar
# Cache hits, 1 and 2 threads, with bytes allocated per operation (-prof gc). Each fork has a fixed, pre-touched heap
# (see HitBenchmark's @Fork), so allocation-heavy benchmarks do not swing while heap pages are faulted in.
for threads in 1 2; do
    java -jar "$jar" HitBenchmark -t "$threads" -prof gc -rf json -rff "benchmarks/results/hit-t$threads.json" \
        | tee "benchmarks/results/hit-t$threads.txt"
done
# Refresh stall, cold herd, startup and calls per hour.
java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp "$jar" dev.xacct.secrets.benchmarks.ScenarioRuns \
    benchmarks/results/scenarios.md
# Cold start: a fresh JVM per run, from building the client to the first value, ours and the peer alternating.
java -cp "$jar" dev.xacct.secrets.benchmarks.ColdStart 21 benchmarks/results/cold-start.md
# The same, counting instructions (interpreted, under valgrind): what each does, which machine noise hardly moves.
# About 4 minutes; skipped where valgrind is not installed.
if command -v valgrind > /dev/null; then
    java -Dcoldstart.wrapper="valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null" \
        -Dcoldstart.jvmOptions="-Xint -XX:+UseSerialGC -Xms1g -Xmn700m" \
        -cp "$jar" dev.xacct.secrets.benchmarks.ColdStart 3 benchmarks/results/cold-start-instructions.md
fi
