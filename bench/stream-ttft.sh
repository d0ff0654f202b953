#!/usr/bin/env bash
# Warm added latency and time-to-first-token, direct vs Paved, sequential on one keep-alive connection;
# then the gateway's heap after a full GC every 5,000 of 10,000 further streamed requests (flat = no leak).
#   bench/stream-ttft.sh [requests=3000] [warmup=2000]
# With an output policy on every call (the stream hold-back and redaction path; see bench/stream-guard.sh too):
#   PAVED_BENCH_YAML=$'guardrails:\n  output:\n    pii: {}' bench/stream-ttft.sh
# Uses the shared harness's fake upstream (node) like bench/gateway.sh; loopback only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED_BENCH:-$ROOT/../shared/bench/gateway}"
[ -f "$SHARED/fake-openai.mjs" ] || { echo "stream-ttft.sh: the shared harness is not at $SHARED; set SHARED_BENCH" >&2; exit 1; }
[ -f "$ROOT/paved-cli/target/paved.jar" ] || "$ROOT/paved" build
WORK="$(mktemp -d /tmp/paved-ttft.XXXXXX)"
UPSTREAM_PORT="${UPSTREAM_PORT:-18080}"
(cd "$WORK" && FAKE_PORT=$UPSTREAM_PORT exec node "$SHARED/fake-openai.mjs") > "$WORK/fake.log" 2>&1 &
FAKE_PID=$!
trap 'kill $FAKE_PID 2>/dev/null || true' EXIT
. "$ROOT/bench/paved-fixture.sh"
trap 'kill $PAVED_PID $FAKE_PID 2>/dev/null || true; wait $PAVED_PID $FAKE_PID 2>/dev/null || true' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$ROOT/bench/stream/ttft.py" "$UPSTREAM_PORT" "$PORT" "$KEY" "${1:-3000}" "${2:-2000}"
JCMD="$(dirname "$(readlink -f /proc/$PAVED_PID/exe)")/jcmd"   # the JDK that runs the gateway
heap() {
  "$JCMD" "$PAVED_PID" GC.run >/dev/null
  "$JCMD" "$PAVED_PID" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | sed 's/used //'
}
echo
echo "| streamed requests so far | heap used after full GC |"
echo "|---|---|"
echo "| 0 (after the latency runs) | $(heap) |"
for n in 5000 10000; do
  python3 "$ROOT/bench/stream/ttft.py" streams "$PORT" "$KEY" 5000
  echo "| $n | $(heap) |"
done
