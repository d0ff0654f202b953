#!/usr/bin/env bash
# What the traffic policy adds to the gateway path, end to end: wrk through Paved to the shared harness's node fake
# upstream with (1) nothing limited, (2) 12 counters in process (tenant and key requests/min, tokens/min and
# concurrency; tenant, key and feature daily and monthly budgets), (3) the same counters in Redis with leases (as
# shipped) and (4) in Redis with leases off. The four alternate, ROUNDS times, in reverse order every other round;
# each gets a fresh data directory,
# a warm-up, then c=1 and c=16 runs. Prints req/s, p50/p90 and the gateway JVM's CPU time per request (the JVM only:
# the embedded PostgreSQL and Redis are other processes) per cell. POLICIES picks which of the four run.
#   bench/policy-path.sh [rounds=2]
# Needs wrk and redis-server (.ci/test-servers installs redis-server; bench/gateway.sh installs wrk).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED_BENCH:-$ROOT/../shared/bench/gateway}"
ROUNDS="${1:-2}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-10}"
[ -f "$ROOT/paved-cli/target/paved.jar" ] || "$ROOT/paved" build
BASE="$(mktemp -d /tmp/paved-policy.XXXXXX)"
UPSTREAM_PORT=18080
REDIS_PORT=18379
(FAKE_PORT=$UPSTREAM_PORT exec node "$SHARED/fake-openai.mjs") > "$BASE/fake.log" 2>&1 &
FAKE_PID=$!
redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no --dir "$BASE" --logfile "$BASE/redis.log" &
REDIS_PID=$!
PAVED_PID=""
trap 'kill $FAKE_PID $REDIS_PID ${PAVED_PID:-} 2>/dev/null || true' EXIT
sleep 1

LIMITS='limits:
  tenant: {requests_per_minute: 100000000, tokens_per_minute: 100000000000, concurrent_requests: 10000}
  key: {requests_per_minute: 100000000, tokens_per_minute: 100000000000, concurrent_requests: 10000}
budgets:
  tenant: {daily_usd: 1000000, monthly_usd: 10000000}
  key: {daily_usd: 1000000, monthly_usd: 10000000}
  feature: {daily_usd: 1000000, monthly_usd: 10000000}'

run() {
  local label=$1 yaml=$2 redis=$3 leases=$4
  WORK="$BASE/$label"
  rm -rf "$WORK"; mkdir -p "$WORK"
  export PAVED_BENCH_YAML="$yaml" PAVED_REDIS_LEASES="$leases"
  if [ -n "$redis" ]; then export PAVED_REDIS_URL="$redis"; else unset PAVED_REDIS_URL; fi
  . "$ROOT/bench/paved-fixture.sh"
  local url="http://127.0.0.1:$PORT/v1/chat/completions"
  local check
  check=$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: Bearer $KEY" -H 'x-feature-id: bench' -H 'content-type: application/json' \
    -d '{"model":"fake-gpt","messages":[{"role":"user","content":"hi"}]}' "$url")
  [ "$check" = 200 ] || { echo "policy-path.sh: $label answered $check; see $WORK/paved.log" >&2; exit 1; }
  wrk -t1 -c16 -d8s -s "$WORK/chat.lua" "$url" >/dev/null
  for c in 1 16; do
    local out t0 t1 n
    t0=$(awk '{print $14+$15}' /proc/$PAVED_PID/stat)
    out=$(wrk -t1 -c$c -d"${SECONDS_PER_RUN}s" --latency -s "$WORK/chat.lua" "$url")
    t1=$(awk '{print $14+$15}' /proc/$PAVED_PID/stat)
    n=$(echo "$out" | awk '/requests in/{print $1}')
    local non2xx
    non2xx=$(echo "$out" | awk '/Non-2xx/{print $NF}')
    [ -z "$non2xx" ] || { echo "policy-path.sh: $label had $non2xx non-2xx answers" >&2; exit 1; }
    echo "| $label | $c | $(echo "$out" | awk '/Requests\/sec/{print $2}') | $(echo "$out" | awk '/ 50%/{print $2}') | $(echo "$out" | awk '/ 90%/{print $2}') | $(python3 -c "print(round(($t1-$t0)*1e6/$(getconf CLK_TCK)/$n,1))") | $(cut -d' ' -f1 /proc/loadavg) |"
  done
  if [ "$leases" = true ] && [ -n "$redis" ]; then
    # where admissions were answered (the metric exists when leases are on)
    curl -s "http://127.0.0.1:$PORT/metrics" | { grep '^paved_policy_admissions_total' || true; } | sed "s/^/<!-- $label: /; s/$/ -->/"
  fi
  kill "$PAVED_PID"; wait "$PAVED_PID" 2>/dev/null || true
  PAVED_PID=""
}

echo "| policy | c | req/s | p50 | p90 | JVM CPU µs/req | load |"
echo "|---|---|---|---|---|---|---|"
POLICIES="${POLICIES:-none in-process redis-leases redis-no-leases}"
REVERSED="$(echo $POLICIES | tr ' ' '\n' | tac | tr '\n' ' ')"
for round in $(seq 1 "$ROUNDS"); do
  # every other round runs the policies in reverse, so none of them always runs first, on the quietest machine
  order=$POLICIES; [ $((round % 2)) = 1 ] || order=$REVERSED
  for p in $order; do
    case $p in
      none) run none "" "" true ;;
      in-process) run in-process "$LIMITS" "" true ;;
      redis-leases) run redis-leases "$LIMITS" "redis://127.0.0.1:$REDIS_PORT" true ;;
      redis-no-leases) run redis-no-leases "$LIMITS" "redis://127.0.0.1:$REDIS_PORT" false ;;
    esac
  done
done
