#!/usr/bin/env bash
# Front-door load: wrk posts paid-externally invoices, each with a fresh Idempotency-Key, to a running
# stack, and reports accepted/s, latency and the CPU each accepted request cost, by thread group.
# Needs wrk (closed loop: CONNECTIONS requests in flight), jcmd and python3. CI does not run it.
#
#   SECRET_FILE=<data>/dev-jwt-secret PID=<stack pid> URL=http://localhost:8080 benchmarks/front-door.sh [out-dir]
#
# SECRET_FILE is the local stack's HS256 secret (INVOICE_LOCAL_DATA/dev-jwt-secret): tokens are minted
# from it, one per minute of the run: gateways before the iat fix refuse a token a minute after its iat.
#
# Settings (environment): WARMUP (default 120s), DURATION (60s), CONNECTIONS (64), THREADS (2),
# JFR=1 to record the measured window (settings=profile) into out-dir/window.jfr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${SECRET_FILE:?SECRET_FILE (the dev-jwt-secret file of the local stack) is required}"
: "${PID:?PID (the stack or gateway JVM) is required}"
URL="${URL:-http://localhost:8080}"
WARMUP="${WARMUP:-120s}"
DURATION="${DURATION:-60s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
out="${1:-$(mktemp -d /tmp/front-door.XXXXXX)}"
mkdir -p "$out"
export TOKENS="$out/tokens.txt"
python3 "$here/front-door/tokens.py" "$SECRET_FILE" 30 > "$TOKENS"

process_cpu_ms() { # utime+stime of the JVM and of its child processes (the embedded PostgreSQL)
	local pids total=0 ticks
	ticks=$(getconf CLK_TCK)
	pids="$1 $(pgrep -P "$1" | tr '\n' ' ') $(for c in $(pgrep -P "$1"); do pgrep -P "$c"; done | tr '\n' ' ')"
	for p in $pids; do
		[ -r "/proc/$p/stat" ] || continue
		total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
	done
	echo $((total * 1000 / ticks))
}
jvm_cpu_ms() { echo $(($(awk '{print $14 + $15}' "/proc/$1/stat") * 1000 / $(getconf CLK_TCK))); }

echo "warm-up $WARMUP, $CONNECTIONS connections"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$here/front-door/submit.lua" "$URL" > "$out/warmup.txt"
grep -E "Requests/sec|Non-2xx" "$out/warmup.txt" || true

jcmd "$PID" Thread.print > "$out/threads-before.txt"
jvm_before=$(jvm_cpu_ms "$PID"); all_before=$(process_cpu_ms "$PID")
if [ "${JFR:-0}" = 1 ]; then
	jcmd "$PID" JFR.start name=frontdoor settings=profile filename="$out/window.jfr" > /dev/null
fi
uptime > "$out/load.txt"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$here/front-door/submit.lua" "$URL" > "$out/window.txt"
uptime >> "$out/load.txt"
if [ "${JFR:-0}" = 1 ]; then
	jcmd "$PID" JFR.stop name=frontdoor > /dev/null
fi
jvm_after=$(jvm_cpu_ms "$PID"); all_after=$(process_cpu_ms "$PID")
jcmd "$PID" Thread.print > "$out/threads-after.txt"

total=$(awk '/requests in/ {print $1}' "$out/window.txt")
refused=$(awk '/Non-2xx/ {print $NF}' "$out/window.txt"); refused=${refused:-0}
accepted=$((total - refused))
cat "$out/window.txt"
echo "load: $(cat "$out/load.txt" | tr '\n' ' ')"
echo "accepted=$accepted refused=$refused"
echo "JVM CPU ms/accepted: $(python3 -c "print(round(($jvm_after-$jvm_before)/$accepted, 4))")"
echo "JVM+PostgreSQL CPU ms/accepted: $(python3 -c "print(round(($all_after-$all_before)/$accepted, 4))")"
python3 "$here/front-door/thread_cpu.py" "$out/threads-before.txt" "$out/threads-after.txt" "$accepted" | tee "$out/cpu.txt"
echo "results in $out"
