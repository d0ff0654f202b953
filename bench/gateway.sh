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
. "$ROOT/bench/paved-fixture.sh"
trap 'kill $PAVED_PID 2>/dev/null || true; wait $PAVED_PID 2>/dev/null || true' EXIT

export GATEWAY_NAME=paved GATEWAY_URL="http://127.0.0.1:$PORT/v1/chat/completions" \
  GATEWAY_HEADERS="Authorization: Bearer $KEY|X-Feature-Id: bench" GATEWAY_PID="$PAVED_PID" \
  GATEWAY_READY_URL="http://127.0.0.1:$PORT/health" CONCURRENCY="${CONCURRENCY:-1 16 64}" \
  RESULTS_DIR="${RESULTS_DIR:-$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)}" \
  BENCH_COMMAND="bench/gateway.sh"
"$WORK/harness/bench.sh"
echo "ledger rows written: $(curl -sf -H "authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/admin/ledger/summary" | grep -o '"calls":[0-9]*')"
