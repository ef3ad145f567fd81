#!/usr/bin/env bash
# The front door's whole measurement (issue 12) on one local stack, started cold here and stopped at
# the end: warm-up (wrk, 64 connections, three 60 s windows from the moment the stack is ready, CPU
# per accepted request in each), steady CPU per request by component (open loop), capacity, the
# three rates beside Kafka's own produce latency, and overload at twice the capacity found.
#
#   JAVA=/usr/lib/jvm/.../bin/java benchmarks/front-door/protocol.sh local-stack.jar OUT-DIR [JVM options...]
#
# Environment: PORT_BASE (default 18500: HTTP PORT_BASE, worker +1, PostgreSQL +2, Kafka +3),
# CPU_RATE (default 200/s, 30 s), CAPACITY_RATES, RATES (default 1000 2000 4000), STEP (default 15 s),
# ONLY_WARMUP=1 (stop after the warm-up), JFR=1 (a recorded CPU window too), SEED_CP (class path of the benchmarks module: the seed's route too).
# Other environment variables reach the stack (e.g. SPRING_THREADS_VIRTUAL_ENABLED=true).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="$2"
shift 2
JAVA="${JAVA:-java}"
base="${PORT_BASE:-18500}"
mkdir -p "$out"
data="$out/data"
rm -rf "$data"
export STEP="${STEP:-15}"
export URL="http://127.0.0.1:$base" DATA="$data" PG_PORT=$((base + 2)) KAFKA="127.0.0.1:$((base + 3))"
export WORK="$out/work"
INVOICE_GATEWAY_RATELIMIT_ENABLED=false INVOICE_LOCAL_DATA="$data" SERVER_PORT=$base INVOICE_WORKER_PORT=$((base + 1)) \
	INVOICE_LOCAL_PG_PORT=$((base + 2)) INVOICE_LOCAL_KAFKA_PORT=$((base + 3)) \
	"$JAVA" "$@" -jar "$jar" > "$out/stack.log" 2>&1 &
export PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
started=$(date +%s)
until curl -sf "$URL/actuator/health/readiness" > /dev/null 2>&1; do
	kill -0 "$PID" || { echo "the stack died; see $out/stack.log"; exit 1; }
	sleep 1
done
export SECRET_FILE="$data/dev-jwt-secret"
echo "ready after $(($(date +%s) - started)) s; $("$JAVA" -version 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/summary.txt"

# Warm-up: closed loop from the first second, so that each minute shows what a cold gateway can take.
export TOKENS="$out/tokens.txt"
python3 "$here/tokens.py" "$SECRET_FILE" 60 > "$TOKENS"
for minute in 1 2 3; do
	jcmd "$PID" Thread.print > "$out/warm-$minute-before.txt"
	wrk -t2 -c64 -d60s --latency -s "$here/submit.lua" "$URL" > "$out/warm-$minute.txt" || true
	jcmd "$PID" Thread.print > "$out/warm-$minute-after.txt"
	total=$(awk '/requests in/ {print $1}' "$out/warm-$minute.txt")
	refused=$(awk '/Non-2xx/ {print $NF}' "$out/warm-$minute.txt")
	accepted=$((total - ${refused:-0}))
	gateway=$(python3 "$here/thread_cpu.py" "$out/warm-$minute-before.txt" "$out/warm-$minute-after.txt" "$accepted" \
		| awk '/gateway request threads/ {print $NF}')
	echo "warm-up minute $minute: accepted/s $((accepted / 60)), $(grep p50_ms "$out/warm-$minute.txt"), gateway request threads ms/request $gateway, load $(cut -d' ' -f1 /proc/loadavg)" \
		| tee -a "$out/summary.txt"
done
[ "${ONLY_WARMUP:-0}" = 1 ] && exit 0

"$here/open-loop.sh" cpu "${CPU_RATE:-200}" 30 | tee "$out/cpu.txt" | tee -a "$out/summary.txt"
if [ "${JFR:-0}" = 1 ]; then # a second window, recorded (settings=profile): jfr_breakdown.py out-dir/cpu.jfr
	jcmd "$PID" JFR.start name=frontdoor settings=profile filename="$out/cpu.jfr" > /dev/null
	WORK="$out/work-jfr" "$here/open-loop.sh" cpu "${CPU_RATE:-200}" 30 > "$out/cpu-jfr.txt"
	jcmd "$PID" JFR.stop name=frontdoor > /dev/null
fi
sleep 5
# shellcheck disable=SC2086
"$here/open-loop.sh" capacity ${CAPACITY_RATES:-250 500 750 1000 1250 1500 2000 2500 3000} | tee "$out/capacity.txt" | tee -a "$out/summary.txt"
capacity=$(awk -F'[= ]' '/^capacity_per_s/ {print $2}' "$out/capacity.txt")
sleep 5
# shellcheck disable=SC2086
"$here/open-loop.sh" rates ${RATES:-1000 2000 4000} | tee "$out/rates.txt" | tee -a "$out/summary.txt"
sleep 5
overload=$((capacity > 0 ? 2 * capacity : 500))
"$here/open-loop.sh" overload "$overload" 30 | tee "$out/overload.txt" | tee -a "$out/summary.txt"

# The seed's "after" route (benchmarks/.../baseline) on the same PostgreSQL, the stack idle beside it.
if [ -n "${SEED_CP:-}" ]; then
	seed_port=$((base + 4))
	"$JAVA" -Xms256m -Xmx1g -cp "$SEED_CP" com.clinicbilling.benchmarks.baseline.SeedBaselineApplication \
		--server.port=$seed_port --baseline.mode=after --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PG_PORT/invoice" \
		--spring.datasource.username=invoice --spring.datasource.password=invoice > "$out/seed.log" 2>&1 &
	seed=$!
	trap 'kill $PID $seed 2>/dev/null || true; wait $PID $seed 2>/dev/null || true' EXIT
	until curl -sf "http://127.0.0.1:$seed_port/bench/ready" > /dev/null 2>&1; do
		kill -0 "$seed" || { echo "the seed baseline died; see $out/seed.log"; exit 1; }
		sleep 1
	done
	wrk -t2 -c64 -d"${SEED_WARMUP:-120s}" -s "$here/submit.lua" "http://127.0.0.1:$seed_port" > "$out/seed-warm.txt" || true
	echo "seed after, warm-up: $(grep -E 'Requests/sec' "$out/seed-warm.txt")" | tee -a "$out/summary.txt"
	# shellcheck disable=SC2086
	URL="http://127.0.0.1:$seed_port" TOKENS_OFF=1 WORK="$out/work-seed" "$here/open-loop.sh" capacity \
		${CAPACITY_RATES:-250 500 750 1000 1250 1500 2000 2500 3000} | sed 's/^/seed /' | tee -a "$out/summary.txt"
fi
echo "done; load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/summary.txt"
