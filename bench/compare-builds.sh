#!/usr/bin/env bash
# A/B two builds of the distribution jar on the same machine, alternating: wrk against /v1/chat/completions at
# c=1 and c=16 through each, reporting req/s, p50 and the gateway JVM's CPU time per request (the JVM process
# only; the embedded PostgreSQL writing the ledger is a separate process and not counted).
#   bench/compare-builds.sh BEFORE.jar AFTER.jar [rounds=2]
#   COMPARE_YAML="limits: ..." bench/compare-builds.sh ...   # appended to both builds' configuration
# Uses the shared harness's node fake upstream on 127.0.0.1:18080; needs wrk (bench/gateway.sh installs it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED_BENCH:-$ROOT/../shared/bench/gateway}"
BEFORE="$(readlink -f "$1")"; AFTER="$(readlink -f "$2")"; ROUNDS="${3:-2}"
BASE="$(mktemp -d /tmp/paved-ab.XXXXXX)"
(FAKE_PORT=18080 exec node "$SHARED/fake-openai.mjs") > "$BASE/fake.log" 2>&1 &
FAKE_PID=$!
PAVED_PID=""
trap 'kill $FAKE_PID ${PAVED_PID:-} 2>/dev/null || true' EXIT
run() {
  local jar=$1 label=$2 pid port
  WORK="$BASE/$label"
  rm -rf "$WORK"; mkdir -p "$WORK"
  PAVED_BENCH_JAR="$jar" PAVED_BENCH_YAML="${COMPARE_YAML:-}"
  . "$ROOT/bench/paved-fixture.sh"
  pid=$PAVED_PID; port=$PORT
  wrk -t1 -c16 -d10s -s "$WORK/chat.lua" "http://127.0.0.1:$port/v1/chat/completions" >/dev/null
  for c in 1 16; do
    local t0 t1 out
    t0=$(awk '{print $14+$15}' /proc/$pid/stat)
    out=$(wrk -t1 -c$c -d12s --latency -s "$WORK/chat.lua" "http://127.0.0.1:$port/v1/chat/completions")
    t1=$(awk '{print $14+$15}' /proc/$pid/stat)
    local rps p50 n ticks
    rps=$(echo "$out" | awk '/Requests\/sec/{print $2}'); p50=$(echo "$out" | awk '/ 50%/{print $2}')
    n=$(echo "$out" | awk '/requests in/{print $1}'); ticks=$(getconf CLK_TCK)
    echo "| $label | $c | $rps | $p50 | $(python3 -c "print(round(($t1-$t0)*1e6/$ticks/$n,1))") |"
  done
  kill $pid; wait $pid 2>/dev/null || true
  PAVED_PID=""
}
echo "| build | c | req/s | p50 | JVM CPU µs/request |"
echo "|---|---|---|---|---|"
for _ in $(seq 1 "$ROUNDS"); do run "$BEFORE" before; run "$AFTER" after; done
