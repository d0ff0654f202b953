#!/usr/bin/env bash
# Warm added latency and time-to-first-token, direct vs Paved, sequential on one keep-alive connection;
# then the gateway's heap after a full GC every 5,000 of 10,000 further streamed requests (flat = no leak).
#   bench/stream-ttft.sh [requests=3000] [warmup=2000]
# Uses the shared harness's fake upstream (node) like bench/gateway.sh; loopback only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED_BENCH:-$ROOT/../shared/bench/gateway}"
[ -f "$SHARED/fake-openai.mjs" ] || { echo "stream-ttft.sh: the shared harness is not at $SHARED; set SHARED_BENCH" >&2; exit 1; }
[ -f "$ROOT/paved-cli/target/paved.jar" ] || "$ROOT/paved" build
WORK="$(mktemp -d /tmp/paved-ttft.XXXXXX)"
PORT="${PAVED_BENCH_PORT:-18099}"
UPSTREAM_PORT="${UPSTREAM_PORT:-18080}"
ADMIN="pa_bench_admin_key_0123456789"
cat > "$WORK/paved.yaml" <<YAML
server: {port: $PORT, host: 127.0.0.1, admin_key: $ADMIN, data_dir: $WORK/data}
providers:
  fake: {type: openai, base_url: "http://127.0.0.1:$UPSTREAM_PORT/v1", api_key: sk-bench}
aliases:
  fake-gpt: {targets: [{provider: fake, model: fake-gpt}]}
pricing:
  fake-gpt: {input: 0.15, output: 0.60}
YAML
(cd "$WORK" && FAKE_PORT=$UPSTREAM_PORT exec node "$SHARED/fake-openai.mjs") > "$WORK/fake.log" 2>&1 &
FAKE_PID=$!
(cd "$WORK" && PAVED_CONFIG="$WORK/paved.yaml" PAVED_JAVA_OPTS="-Xms512m -Xmx512m" exec "$ROOT/paved" serve) > "$WORK/paved.log" 2>&1 &
PAVED_PID=$!
trap 'kill $PAVED_PID $FAKE_PID 2>/dev/null || true; wait $PAVED_PID $FAKE_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done
TENANT=$(curl -sf -H "authorization: Bearer $ADMIN" -H 'content-type: application/json' -d '{"name":"bench"}' "http://127.0.0.1:$PORT/admin/tenants" | sed 's/.*"id":"\([^"]*\)".*/\1/')
KEY=$(curl -sf -H "authorization: Bearer $ADMIN" -H 'content-type: application/json' -d '{"name":"bench"}' "http://127.0.0.1:$PORT/admin/tenants/$TENANT/keys" | sed 's/.*"key":"\([^"]*\)".*/\1/')
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
