# Sourced by the gateway benchmarks: starts Paved on its embedded defaults in $WORK with one alias,
# fake-gpt, routed to an OpenAI-format fake upstream on $UPSTREAM_PORT, and creates a tenant and key.
# Needs ROOT and WORK; sets PORT, ADMIN, PAVED_PID and KEY. ./paved execs the JVM, so PAVED_PID is the
# gateway's own pid (harnesses read its CPU time). The caller owns the EXIT trap (kill $PAVED_PID).
# PAVED_BENCH_YAML, when set, is appended to the configuration (e.g. a guardrails: section).
# PAVED_BENCH_JAR, when set, is the jar that runs instead of this tree's build (comparing builds).
# Also writes $WORK/chat.lua: a wrk script posting one small chat request with the key (feature "bench").
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
[ -z "${PAVED_BENCH_YAML:-}" ] || printf '%s\n' "$PAVED_BENCH_YAML" >> "$WORK/paved.yaml"
if [ -n "${PAVED_BENCH_JAR:-}" ]; then
  (cd "$WORK" && PAVED_CONFIG="$WORK/paved.yaml" exec "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" --enable-native-access=ALL-UNNAMED \
    --add-modules jdk.incubator.vector -Xms512m -Xmx512m -jar "$PAVED_BENCH_JAR" serve) > "$WORK/paved.log" 2>&1 &
else
  (cd "$WORK" && PAVED_CONFIG="$WORK/paved.yaml" PAVED_JAVA_OPTS="-Xms512m -Xmx512m" exec "$ROOT/paved" serve) > "$WORK/paved.log" 2>&1 &
fi
PAVED_PID=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done
TENANT=$(curl -sf -H "authorization: Bearer $ADMIN" -H 'content-type: application/json' -d '{"name":"bench"}' "http://127.0.0.1:$PORT/admin/tenants" | sed 's/.*"id":"\([^"]*\)".*/\1/')
KEY=$(curl -sf -H "authorization: Bearer $ADMIN" -H 'content-type: application/json' -d '{"name":"bench"}' "http://127.0.0.1:$PORT/admin/tenants/$TENANT/keys" | sed 's/.*"key":"\([^"]*\)".*/\1/')
cat > "$WORK/chat.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"model":"fake-gpt","messages":[{"role":"user","content":"hi"}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
wrk.headers["X-Feature-Id"] = "bench"
LUA
