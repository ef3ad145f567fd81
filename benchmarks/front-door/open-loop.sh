#!/usr/bin/env bash
# Open-loop scenarios of the front door (issue 12) against a running local stack, with OpenLoop.java as
# the generator (a constant arrival rate; latency from each request's scheduled start). Needs a JDK,
# jcmd, python3, psql and, for "rates", the Kafka tools in ~/.m2 (ProducerPerformance). CI does not run it.
#
#   SECRET_FILE=<data>/dev-jwt-secret PID=<stack pid> URL=http://127.0.0.1:18480 DATA=<INVOICE_LOCAL_DATA> \
#     PG_PORT=15532 KAFKA=127.0.0.1:19192 benchmarks/front-door/open-loop.sh SCENARIO [args] > result.txt
#
# Scenarios (one line of key=value figures per run, as OpenLoop prints them, plus what the scenario adds):
#   cpu RATE SECONDS      CPU per accepted request by component (threads of the stack JVM, PostgreSQL)
#   capacity [RATES...]   steps up (default 500 1000 1500 2000 2500 3000 3500 4000), STEP seconds each
#                         (default 20): the highest rate with accept p99 < 100 ms and at least 99 % accepted;
#                         stops after two failing steps in a row (one slow step on a shared machine is noise)
#   rates [RATES...]      default 1000 2000 4000, STEP seconds each, then Kafka's own produce latency
#                         (ProducerPerformance, acks=all, records of SIZE bytes) at the same rates
#   overload RATE [SECONDS]  default 30 s; then waits for the worker and counts, by the run's keys,
#                         the final outcomes and invoices of the accepted requests
# Without TOKENS_OFF=1 each request carries a clinic-1 token (the seed's route takes none: TOKENS_OFF=1).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
URL="${URL:-http://127.0.0.1:8080}"
STEP="${STEP:-20}"
work="${WORK:-$(mktemp -d /tmp/open-loop.XXXXXX)}"
mkdir -p "$work/gen"
if [ "${TOKENS_OFF:-0}" = 1 ]; then
	export TOKENS=""
else
	: "${SECRET_FILE:?SECRET_FILE (the dev-jwt-secret file of the local stack) is required}"
	export TOKENS="$work/tokens.txt"
	python3 "$here/tokens.py" "$SECRET_FILE" 60 > "$TOKENS"
fi
# Compiled once: the generator's JIT warms up in its first run, its CPU is counted from its run's start.
[ -f "$work/gen/OpenLoop.class" ] || javac -d "$work/gen" "$here/OpenLoop.java"
generate() { # RATE SECONDS
	java -XX:+UseSerialGC -Xms256m -Xmx512m -cp "$work/gen" OpenLoop "$URL" "$1" "$2"
}
field() { # NAME LINE
	echo "$2" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'
}
pg_cpu_ms() { # the embedded PostgreSQL: its postmaster (first line of postmaster.pid) and its children
	local pm total=0 p
	pm=$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null || true)
	[ -n "$pm" ] || { echo 0; return; }
	for p in $pm $(pgrep -P "$pm" | tr '\n' ' '); do
		[ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
	done
	echo $((total * 1000 / $(getconf CLK_TCK)))
}

scenario="${1:?scenario: cpu, capacity, rates or overload}"
shift
case "$scenario" in
	cpu)
		rate=$1 seconds=$2
		jcmd "$PID" Thread.print > "$work/threads-before.txt"
		pg_before=$(pg_cpu_ms)
		load_before=$(cut -d' ' -f1 /proc/loadavg)
		line=$(generate "$rate" "$seconds")
		jcmd "$PID" Thread.print > "$work/threads-after.txt"
		pg_after=$(pg_cpu_ms)
		accepted=$(field accepted "$line")
		echo "$line load=$load_before-$(cut -d' ' -f1 /proc/loadavg)"
		python3 "$here/thread_cpu.py" "$work/threads-before.txt" "$work/threads-after.txt" "$accepted" > "$work/threads.txt"
		head -12 "$work/threads.txt"
		echo "postgresql_cpu_ms_per_request=$(python3 -c "print(round(($pg_after-$pg_before)/max(1,$accepted), 4))")"
		;;
	capacity)
		rates=("$@")
		[ ${#rates[@]} -gt 0 ] || rates=(500 1000 1500 2000 2500 3000 3500 4000)
		capacity=0 failed=0
		for rate in "${rates[@]}"; do
			line=$(generate "$rate" "$STEP")
			echo "$line load=$(cut -d' ' -f1 /proc/loadavg)"
			p99=$(field accept_p99_ms "$line"); acc=$(field accepted "$line"); planned=$(field planned "$line")
			if [ "$p99" != - ] && python3 -c "import sys; sys.exit(0 if $p99 < 100 and $acc >= 0.99 * $planned else 1)"; then
				capacity=$rate failed=0
			else
				failed=$((failed + 1))
				[ $failed -lt 2 ] || break
			fi
			sleep 5
		done
		echo "capacity_per_s=$capacity (accept p99 < 100 ms, >= 99 % accepted, $STEP s per step)"
		;;
	rates)
		rates=("$@")
		[ ${#rates[@]} -gt 0 ] || rates=(1000 2000 4000)
		for rate in "${rates[@]}"; do
			echo "$(generate "$rate" "$STEP") load=$(cut -d' ' -f1 /proc/loadavg)"
			sleep 5
		done
		cp="$(cat "$here/../target/producer-performance.classpath" 2>/dev/null || true)"
		if [ -z "$cp" ]; then
			m2="$HOME/.m2/repository"
			kafka=4.1.2
			cp="$m2/org/apache/kafka/kafka-tools/$kafka/kafka-tools-$kafka.jar:$m2/org/apache/kafka/kafka-clients/$kafka/kafka-clients-$kafka.jar"
			cp="$cp:$m2/org/apache/kafka/kafka-server-common/$kafka/kafka-server-common-$kafka.jar"
			cp="$cp:$m2/org/apache/kafka/kafka-tools-api/$kafka/kafka-tools-api-$kafka.jar"
			cp="$cp:$(ls "$m2"/net/sourceforge/argparse4j/argparse4j/*/argparse4j-*.jar | tail -1)"
			cp="$cp:$(ls "$m2"/org/slf4j/slf4j-api/2.*/slf4j-api-2*.jar | tail -1)"
		fi
		for rate in "${rates[@]}"; do
			out=$(java -Xmx512m -cp "$cp" org.apache.kafka.tools.ProducerPerformance --topic bench.produce-ceiling \
				--num-records $((rate * STEP)) --record-size "${SIZE:-300}" --throughput "$rate" \
				--producer-props bootstrap.servers="${KAFKA:?KAFKA (the broker of the stack) is required}" acks=all 2>/dev/null | tail -1)
			echo "kafka_produce rate=$rate $out"
		done
		;;
	overload)
		rate=$1 seconds=${2:-30}
		prefix="ov-$(date +%s)-"
		line=$(KEY_PREFIX="$prefix" generate "$rate" "$seconds")
		echo "$line load=$(cut -d' ' -f1 /proc/loadavg)"
		accepted=$(field accepted "$line")
		sql() { PGPASSWORD=invoice psql -h 127.0.0.1 -p "${PG_PORT:?}" -U invoice -d invoice -tAc "$1"; }
		final=0
		for _ in $(seq 1 120); do
			final=$(sql "select count(*) from invoice_requests where idempotency_key like '$prefix%'")
			[ "$final" -ge "$accepted" ] && break
			sleep 2
		done
		invoices=$(sql "select count(*) from invoices where idempotency_key like '$prefix%'")
		outcomes=$(sql "select string_agg(outcome || '=' || n, ',') from (select outcome, count(*) n from invoice_requests where idempotency_key like '$prefix%' group by outcome) o")
		echo "overload accepted=$accepted final=$final outcomes=$outcomes invoices=$invoices"
		;;
	*)
		echo "unknown scenario $scenario" >&2
		exit 2
		;;
esac
