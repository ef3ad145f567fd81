#!/usr/bin/env bash
# The gateway's status store with many statuses in the topic: heap after GC, RSS, disk, time to ready
# fresh and after a restart, GET latency of recent and week-old requests. Prints a Markdown table.
#
#   benchmarks/status-store.sh [--statuses=5000000] [--samples=2000] [--xmx=3g] [--no-streams] [--before-jar=<api-gateway exec jar>]   (--help: all options)
#
# Builds the api-gateway executable jar of this tree and this module; --before-jar runs an older
# gateway jar (e.g. built in a temporary worktree of an older commit) against the same topic first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
maven_opts=${BENCH_MAVEN_OPTS--o}
"$root/mvnw" $maven_opts -q -B -f "$root/pom.xml" -pl api-gateway,benchmarks -am package -DskipTests
"$root/mvnw" $maven_opts -q -B -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$here/target/classpath.txt"
# Private copies: other builds may replace the jars while the benchmark runs.
run_dir="$(mktemp -d /tmp/status-store-bench.XXXXXX)"
cp -p "$root"/api-gateway/target/api-gateway-*-exec.jar "$run_dir/api-gateway-after.jar"
cp -rp "$here/target/classes" "$run_dir/classes"
# This tree's schemas first, not whichever SNAPSHOT another build last installed in ~/.m2.
cp -rp "$root/schemas/target/classes" "$run_dir/schemas"
uptime
java -Xmx2g -cp "$run_dir/classes:$run_dir/schemas:$(cat "$here/target/classpath.txt")" \
	com.clinicbilling.benchmarks.status.StatusStoreBenchmark --jar="$run_dir/api-gateway-after.jar" "$@"
uptime
