#!/usr/bin/env bash
# Gateway overhead benchmark: direct fake upstream vs Portkey's OSS gateway vs Paved, in one run,
# using the side-by-side harness in ../shared/bench/gateway (wrk + node fake upstream + Portkey).
#   bench/gateway.sh                                # c=1,16,64, 10 s per run
#   DURATION=5 CONCURRENCY="1 16" bench/gateway.sh  # any env var of the shared harness
# Loopback only. Results go to bench/results/<timestamp>/ (summary.md, summary.json).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED_BENCH:-$ROOT/../shared/bench/gateway}"
[ -f "$SHARED/bench.sh" ] || { echo "gateway.sh: the shared harness is not at $SHARED; set SHARED_BENCH" >&2; exit 1; }
[ -f "$ROOT/paved-cli/target/paved.jar" ] || "$ROOT/paved" build

WORK="$(mktemp -d /tmp/paved-bench.XXXXXX)"
cp -r "$SHARED/." "$WORK/harness"
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

# ./paved execs the JVM, so $! is the gateway's own pid (the harness reads its CPU time).
(cd "$WORK" && PAVED_CONFIG="$WORK/paved.yaml" PAVED_JAVA_OPTS="-Xms512m -Xmx512m" exec "$ROOT/paved" serve) > "$WORK/paved.log" 2>&1 &
PAVED_PID=$!
trap 'kill $PAVED_PID 2>/dev/null || true; wait $PAVED_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done
TENANT=$(curl -sf -H "authorization: Bearer $ADMIN" -H 'content-type: application/json' -d '{"name":"bench"}' "http://127.0.0.1:$PORT/admin/tenants" | sed 's/.*"id":"\([^"]*\)".*/\1/')
KEY=$(curl -sf -H "authorization: Bearer $ADMIN" -H 'content-type: application/json' -d '{"name":"bench"}' "http://127.0.0.1:$PORT/admin/tenants/$TENANT/keys" | sed 's/.*"key":"\([^"]*\)".*/\1/')

export GATEWAY_NAME=paved GATEWAY_URL="http://127.0.0.1:$PORT/v1/chat/completions" \
  GATEWAY_HEADERS="Authorization: Bearer $KEY|X-Feature-Id: bench" GATEWAY_PID="$PAVED_PID" \
  GATEWAY_READY_URL="http://127.0.0.1:$PORT/health" CONCURRENCY="${CONCURRENCY:-1 16 64}" \
  RESULTS_DIR="${RESULTS_DIR:-$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)}" \
  BENCH_COMMAND="bench/gateway.sh"
"$WORK/harness/bench.sh"
echo "ledger rows written: $(curl -sf -H "authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/admin/ledger/summary" | grep -o '"calls":[0-9]*')"
