#!/usr/bin/env bash
# The output guardrail on streams (hold-back and redaction): time to first text and total stream time with and
# without an output policy (pii + secrets, action redact), on one Paved, modes alternating, one keep-alive
# connection, and the server's own output-scan time (paved_guard_scan_seconds) per stream and per event.
#   bench/stream-guard.sh [requests=2000] [warmup=1000] [token_delay_ms=0]
# Upstream: the Java fake (paved fake-upstream), scripted with ~100-token answers (see bench/stream/guard.py).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$ROOT/paved-cli/target/paved.jar" ] || "$ROOT/paved" build
WORK="$(mktemp -d /tmp/paved-stream-guard.XXXXXX)"
UPSTREAM_PORT="${UPSTREAM_PORT:-18081}"
"$ROOT/paved" fake-upstream --port "$UPSTREAM_PORT" --token-delay-ms "${3:-0}" > "$WORK/fake.log" 2>&1 &
FAKE_PID=$!
trap 'kill $FAKE_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$UPSTREAM_PORT/health" >/dev/null && break; sleep 1; done
PAVED_BENCH_YAML='guardrails:
  features:
    guarded:
      output:
        pii: {}
        secrets: {action: redact}'
. "$ROOT/bench/paved-fixture.sh"
trap 'kill $PAVED_PID $FAKE_PID 2>/dev/null || true; wait $PAVED_PID $FAKE_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); token delay ${3:-0} ms"
python3 "$ROOT/bench/stream/guard.py" "$UPSTREAM_PORT" "$PORT" "$KEY" "${1:-2000}" "${2:-1000}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
