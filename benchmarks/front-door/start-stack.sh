#!/usr/bin/env bash
# Starts a local stack for the front-door scenarios on ports PORT_BASE.. (HTTP, worker +1, PostgreSQL +2,
# Kafka +3), with a fresh data folder OUT-DIR/data and the rate limit off; prints its PID once it is ready.
#
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java PORT_BASE=18540 benchmarks/front-door/start-stack.sh local-stack.jar OUT-DIR [JVM options...]
#
# Other environment variables reach the stack (e.g. SPRING_THREADS_VIRTUAL_ENABLED=true).
set -euo pipefail
jar="$1"
out="$2"
shift 2
base="${PORT_BASE:-18500}"
mkdir -p "$out"
rm -rf "$out/data"
INVOICE_GATEWAY_RATELIMIT_ENABLED=false INVOICE_LOCAL_DATA="$out/data" SERVER_PORT=$base INVOICE_WORKER_PORT=$((base + 1)) \
	INVOICE_LOCAL_PG_PORT=$((base + 2)) INVOICE_LOCAL_KAFKA_PORT=$((base + 3)) \
	nohup "${JAVA:-java}" "$@" -jar "$jar" > "$out/stack.log" 2>&1 &
pid=$!
started=$(date +%s)
until curl -sf "http://127.0.0.1:$base/actuator/health/readiness" > /dev/null 2>&1; do
	kill -0 "$pid" || { echo "the stack died; see $out/stack.log" >&2; exit 1; }
	sleep 1
done
echo "$pid" > "$out/pid"
echo "$pid ready after $(($(date +%s) - started)) s"
