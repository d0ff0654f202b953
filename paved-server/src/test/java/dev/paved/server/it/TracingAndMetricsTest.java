package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.gateway.wire.Json;
import dev.paved.server.telemetry.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A model call shows up as a GenAI client span under the edge span, and in the Prometheus metrics. */
@Timeout(60)
class TracingAndMetricsTest {
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static GatewayFixture gw;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(Tracing.exportingTo(SPANS), 8 << 20);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static Optional<SpanData> span(String traceId, SpanKind kind) {
        return SPANS.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId) && s.getKind() == kind).findFirst();
    }

    /** Both spans of one call; the client span is recorded just after the caller got its answer, so this waits for it. */
    private static SpanData[] spansOf(String traceId) {
        assertThat(GatewayFixture.await(() -> span(traceId, SpanKind.CLIENT).isPresent() && span(traceId, SpanKind.SERVER).isPresent()))
                .as("server and client span of trace " + traceId + " in " + SPANS.getFinishedSpanItems()).isTrue();
        return new SpanData[] {span(traceId, SpanKind.SERVER).orElseThrow(), span(traceId, SpanKind.CLIENT).orElseThrow()};
    }

    @Test
    void chatCallIsAGenAiClientSpanUnderTheEdgeSpan() {
        HttpResponse<String> r = gw.chat(gw.key, "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"one two\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode usage = Json.parseOrNull(r.body()).get("usage");
        String traceparent = r.headers().firstValue("traceparent").orElseThrow();
        String traceId = traceparent.substring(3, 35);
        SpanData[] spans = spansOf(traceId);
        SpanData server = spans[0];
        SpanData client = spans[1];

        assertThat(traceparent).isEqualTo("00-" + server.getTraceId() + "-" + server.getSpanId() + "-01");
        assertThat(server.getParentSpanContext().isValid()).as("a fresh trace: the edge span is the root").isFalse();
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(client.getName()).isEqualTo("chat gpt");
        assertThat(client.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
        assertThat(client.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt");
        assertThat(client.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("fake-gpt");
        assertThat(client.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(usage.get("prompt_tokens").asLong());
        assertThat(client.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(usage.get("completion_tokens").asLong());
        assertThat(client.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(16L);
        assertThat(client.getAttributes().get(AttributeKey.stringKey("paved.tenant.id"))).isEqualTo(gw.tenantId);
        assertThat(client.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        // The model call happens inside the request.
        assertThat(client.getStartEpochNanos()).isGreaterThanOrEqualTo(server.getStartEpochNanos() - 1_000_000);
        // The provider saw the gateway's edge span as its parent.
        String sentTraceparent = gw.fake.recentRequests().stream().filter(q -> q.header("traceparent") != null
                && q.header("traceparent").contains(traceId)).findFirst().orElseThrow().header("traceparent");
        assertThat(sentTraceparent).isEqualTo(traceparent);
    }

    @Test
    void callersTraceIsContinuedAndFailuresAreErrorSpans() {
        String callerTrace = "0af7651916cd43dd8448eb211c80319c";
        String callerSpan = "b7ad6b7169203331";
        HttpResponse<String> r = gw.messages(gw.key, "{\"model\":\"broken-claude\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "traceparent", "00-" + callerTrace + "-" + callerSpan + "-01");
        assertThat(r.statusCode()).isEqualTo(503);
        SpanData[] spans = spansOf(callerTrace);
        assertThat(spans[0].getParentSpanId()).isEqualTo(callerSpan);
        assertThat(spans[0].getParentSpanContext().isRemote()).isTrue();
        assertThat(spans[1].getParentSpanId()).isEqualTo(spans[0].getSpanId());
        assertThat(spans[1].getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(spans[1].getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("upstream_unavailable");
        assertThat(spans[1].getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("broken-claude");
        assertThat(spans[0].getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    /** The value of the first sample line that starts with {@code name{} and contains every label, or 0 when none does. */
    private static double sample(String metrics, String name, String... labels) {
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= line.contains(l);
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void metricsExposeRequestsTokensAndTtftHistograms() {
        String[] streamOk = {"alias=\"gpt\"", "stream=\"true\"", "status=\"200\""};
        double before = sample(gw.get("/metrics", null).body(), "paved_gateway_requests_total", streamOk);
        HttpResponse<String> r = gw.chat(gw.key, "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("data: [DONE]");
        // Metrics are recorded as the call completes, a moment after the caller's last byte.
        String[] metrics = new String[1];
        assertThat(GatewayFixture.await(() -> {
            metrics[0] = gw.get("/metrics", null).body();
            return sample(metrics[0], "paved_gateway_requests_total", streamOk) >= before + 1;
        })).as("requests counter grew").isTrue();
        String m = metrics[0];
        assertThat(sample(m, "paved_gateway_requests_total", streamOk)).isEqualTo(before + 1);
        assertThat(m).contains("# TYPE paved_gateway_requests_total counter");
        assertThat(m).contains("# TYPE paved_gateway_ttft_seconds histogram");
        Matcher bucket = Pattern.compile("(?m)^paved_gateway_ttft_seconds_bucket\\{[^}]*alias=\"gpt\"[^}]*le=\"\\+Inf\"[^}]*} (\\S+)$").matcher(m);
        assertThat(bucket.find()).as("ttft +Inf bucket for gpt").isTrue();
        assertThat(Double.parseDouble(bucket.group(1))).isGreaterThanOrEqualTo(1);
        assertThat(m).containsPattern("(?m)^paved_gateway_ttft_seconds_bucket\\{[^}]*le=\"[0-9.]+\"");
        assertThat(sample(m, "paved_gateway_ttft_seconds_count", "alias=\"gpt\"")).isGreaterThanOrEqualTo(1);
        assertThat(sample(m, "paved_gateway_tokens_total", "alias=\"gpt\"", "type=\"output\"")).isGreaterThanOrEqualTo(16);
        assertThat(m).contains("paved_gateway_cost_usd_total{");
        assertThat(m).contains("paved_ledger_written_total");
    }

    @Test
    void healthAndReadiness() {
        HttpResponse<String> health = gw.get("/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> ready = gw.get("/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(gw.get("/metrics", null).statusCode()).isEqualTo(200);
        List<String> bodies = List.of(health.body(), ready.body());
        assertThat(bodies).allSatisfy(b -> assertThat(b).isNotBlank());
    }
}
