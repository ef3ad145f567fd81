#!/usr/bin/env bash
# CPU per accepted request of several stacks side by side: the same open-loop rate on each at the same
# time, REPEAT windows of SECONDS, so that whatever else loads the machine loads them alike. Each
# stack is an out-dir of start-stack.sh (its pid, data folder) and its HTTP port.
#
#   RATE=100 SECONDS_EACH=60 REPEAT=3 benchmarks/front-door/ab.sh OUT-DIR:PORT [OUT-DIR:PORT ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rate="${RATE:-100}" seconds="${SECONDS_EACH:-60}" repeat="${REPEAT:-3}"
for window in $(seq 1 "$repeat"); do
	for stack in "$@"; do
		dir="${stack%%:*}" port="${stack##*:}"
		(
			PID=$(cat "$dir/pid") URL="http://127.0.0.1:$port" DATA="$dir/data" SECRET_FILE="$dir/data/dev-jwt-secret" \
				WORK="$dir/ab-work" "$here/open-loop.sh" cpu "$rate" "$seconds" > "$dir/ab-$window.txt" 2>&1
		) &
	done
	wait
	for stack in "$@"; do
		dir="${stack%%:*}"
		echo "window $window $(basename "$dir"): $(grep -o 'accepted_per_s=[^ ]*\|accept_p99_ms=[^ ]*\|load=[^ ]*' "$dir/ab-$window.txt" | tr '\n' ' ')" \
			"$(awk '/gateway request threads|gateway total|broker|^worker|JIT/ {printf "%s=%s ", $1 $2 $3, $NF}' "$dir/ab-$window.txt")" \
			"$(grep postgresql "$dir/ab-$window.txt")"
	done
done
