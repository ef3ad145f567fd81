#!/usr/bin/env bash
# Runs the benchmarks and writes their sections of BENCHMARKS.md (in the repository root).
#
#   benchmarks/run.sh worker [--quick] [--profile] [--pools=1,2,4] [--batches=1,100,500] [--repetitions=3] ...
#   benchmarks/run.sh http   [--quick] [...]    starts local stacks, the seed baselines and a PostgreSQL itself
#   benchmarks/run.sh all    [--quick]        ("worker --help", "http --help": every option and its default)
#   benchmarks/run.sh lanes  [--backlog=200000] [--ui-rate=200] [--window-seconds=60] [--variants=on,off]
#
# --profile records the worker drain with Java Flight Recorder and prints where the worker's
# consumer threads spent their time. Environment: BENCH_SKIP_DEPS=1 skips rebuilding invoice-worker
# and the local stack jar (and what they need); BENCH_MAVEN_OPTS replaces the default "-o" (offline)
# Maven option.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
mvn="$root/mvnw"
maven_opts=${BENCH_MAVEN_OPTS--o}

usage() {
	sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

[ $# -ge 1 ] || usage
what=$1
shift

profile=0
args=()
for arg in "$@"; do
	case "$arg" in
		--profile) profile=1 ;;
		*) args+=("$arg") ;;
	esac
done

build() {
	# The benchmarks run the worker and the local stack as built: refresh them (the worker in ~/.m2,
	# the stack in local-stack/target) unless told not to. What does not build right now (someone is
	# mid-change) leaves the last one in place; the report names the jars it ran.
	if [ "${BENCH_SKIP_DEPS:-0}" != 1 ]; then
		echo "Building invoice-worker and the local stack jar (and what they need) ..." >&2
		"$mvn" $maven_opts -q -B -f "$root/pom.xml" -pl local-stack -am install -DskipTests \
			|| echo "WARNING: the local stack did not build; using the last built one" >&2
	fi
	echo "Building benchmarks ..." >&2
	"$mvn" $maven_opts -q -B -f "$here/pom.xml" package dependency:build-classpath -DskipTests \
		-Dmdep.outputFile="$here/target/classpath.txt"
	# Run from a private copy of this module's classes and of our own jars: other builds on this
	# machine may recompile or reinstall them while a long benchmark still loads classes from them.
	local run_dir="$here/target/run/$$"
	rm -rf "$here/target/run"
	mkdir -p "$run_dir/lib"
	cp -rp "$here/target/classes" "$run_dir/classes"
	stack_jar="$run_dir/local-stack.jar"
	if [ -f "$root/local-stack/target/local-stack.jar" ]; then
		cp -p "$root/local-stack/target/local-stack.jar" "$stack_jar"
	fi
	local entries=() entry
	# The file has no final newline, so read reports end of file: not an error here.
	IFS=":" read -r -a entries < "$here/target/classpath.txt" || true
	classpath="$run_dir/classes"
	for entry in "${entries[@]}"; do
		case "$entry" in
			*/com/clinicbilling/*) cp -p "$entry" "$run_dir/lib/" && entry="$run_dir/lib/$(basename "$entry")" ;;
		esac
		classpath="$classpath:$entry"
	done
}

# "all" must finish within 15 minutes on a 2-core machine: unless --quick, it shortens the longest
# parts (the batch-size-1 drains, the open-loop windows, Kafka's runs at each rate): 14 min 17 s to
# 14 min 52 s measured before the batch-size-1 drains went from 1,000 to 500 commands. "worker" and
# "http" alone do not.
full_all() {
	[ "$what" = all ] && [[ " ${args[*]:-} " != *" --quick "* ]]
}

run_worker() {
	local defaults=()
	if full_all; then
		defaults=(--commands-batch-of-one=500)
	fi
	local jvm=(-Xms1g -Xmx3g -XX:+UseG1GC)
	local recording="$here/target/worker-drain.jfr"
	if [ $profile = 1 ]; then
		jvm+=("-XX:StartFlightRecording=filename=$recording,settings=$here/src/main/jfr/drain.jfc,dumponexit=true")
	fi
	java "${jvm[@]}" -cp "$classpath" com.clinicbilling.benchmarks.worker.WorkerDrainBenchmark \
		--output="$root/BENCHMARKS.md" --command="benchmarks/run.sh $what ${args[*]:-}" \
		${defaults[@]+"${defaults[@]}"} ${args[@]+"${args[@]}"}
	if [ $profile = 1 ]; then
		java -cp "$classpath" com.clinicbilling.benchmarks.profile.JfrSummary "$recording" | tee "$here/target/worker-drain-profile.txt"
	fi
}

run_http() {
	local defaults=()
	if full_all; then
		defaults=(--rate-seconds=15 --kafka-seconds=5)
	fi
	java -Xms512m -Xmx2g -cp "$classpath" com.clinicbilling.benchmarks.http.HttpBenchmark \
		--output="$root/BENCHMARKS.md" --log-dir="$here/target" --stack-jar="$stack_jar" \
		--profile-settings="$here/src/main/jfr/http.jfc" \
		--command="benchmarks/run.sh $what ${args[*]:-}" ${defaults[@]+"${defaults[@]}"} ${args[@]+"${args[@]}"}
}

run_lanes() {
	java -Xms512m -Xmx3g -cp "$classpath" com.clinicbilling.benchmarks.http.LanesBenchmark \
		--output="$root/BENCHMARKS.md" --log-dir="$here/target" --stack-jar="$stack_jar" \
		--command="benchmarks/run.sh $what ${args[*]:-}" ${args[@]+"${args[@]}"}
}

case "$what" in
	worker) build; run_worker ;;
	lanes) build; run_lanes ;;
	http) build; run_http ;;
	all) build; run_worker; run_http ;;
	*) usage ;;
esac
