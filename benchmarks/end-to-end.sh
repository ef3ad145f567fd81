#!/usr/bin/env bash
# End to end: accept to final status on the clinic's event stream, open loop at several rates, with
# 10 and with 10,000 patients, against a fresh local stack on free ports (EndToEndBenchmark).
#
#   benchmarks/end-to-end.sh [--rates=250,500,1000] [--patients=10,10000] [--seconds=20] [--warm-up=120] [--output=file]
#                            [--sse-burst=500]   also: 500 final statuses at once to 500 open streams, 3 rounds
#
# Environment: STACK_JAR (default local-stack/target/local-stack.jar, built unless BENCH_SKIP_DEPS=1),
# BENCH_MAVEN_OPTS (default "-o").
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
maven_opts=${BENCH_MAVEN_OPTS--o}
jar=${STACK_JAR:-$root/local-stack/target/local-stack.jar}

if [ "${BENCH_SKIP_DEPS:-0}" != 1 ]; then
	"$root/mvnw" $maven_opts -q -B -f "$root/pom.xml" -pl local-stack -am install -DskipTests
fi
"$root/mvnw" $maven_opts -q -B -f "$here/pom.xml" package dependency:build-classpath -DskipTests \
	-Dmdep.outputFile="$here/target/classpath.txt"
classpath="$here/target/classes:$(cat "$here/target/classpath.txt")"

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
http_port=$(free_port)
pg_port=$(free_port)
kafka_port=$(free_port)
data="$here/target/end-to-end"
rm -rf "$data"
mkdir -p "$data"
# The benchmark submits up to 1,000/s for one clinic: the per-clinic limit would measure 429s.
SERVER_PORT=$http_port INVOICE_LOCAL_PG_PORT=$pg_port INVOICE_LOCAL_KAFKA_PORT=$kafka_port \
	INVOICE_WORKER_PORT=$(free_port) INVOICE_LOCAL_DATA="$data" \
	INVOICE_GATEWAY_RATELIMIT_REQUESTSPERSECOND=5000 INVOICE_GATEWAY_RATELIMIT_BURST=10000 \
	INVOICE_GATEWAY_PUSH_MAXSTREAMSPERCLINIC=2000 \
	java -Xms1g -Xmx3g -jar "$jar" > "$data/stack.log" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null || true; wait $stack 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
	if curl -fs "http://127.0.0.1:$http_port/actuator/health" 2>/dev/null | grep -q '"UP"'; then
		break
	fi
	kill -0 $stack 2>/dev/null || { echo "The local stack stopped; see $data/stack.log" >&2; exit 1; }
	sleep 1
done
echo "Local stack up: gateway http://127.0.0.1:$http_port, PostgreSQL port $pg_port (log $data/stack.log)" >&2
java -Xmx1g -cp "$classpath" com.clinicbilling.benchmarks.endtoend.EndToEndBenchmark --data="$data" \
	--gateway="http://127.0.0.1:$http_port" --jdbc-url="jdbc:postgresql://127.0.0.1:$pg_port/invoice" \
	--bootstrap="127.0.0.1:$kafka_port" "$@"
