package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.server.telemetry.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A model call shows up as a GenAI client span under the edge span, and in the Prometheus metrics. */
@Timeout(120)
class TracingAndMetricsTest {
    private static final List<SpanData> SPANS = new CopyOnWriteArrayList<>();
    private static GatewayFixture gw;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(Tracing.exportingTo(new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                SPANS.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        }), 8 << 20);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void chatCallIsAGenAiClientSpanUnderTheEdgeSpan() throws Exception {
        HttpResponse<String> r = gw.post("/v1/chat/completions", gw.key, "application/json",
                "{\"model\":\"claude\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"one two\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        String traceId = r.headers().firstValue("traceparent").orElseThrow().substring(3, 35);
        SpanData client = null;
        SpanData server = null;
        for (int i = 0; i < 100 && (client == null || server == null); i++) {
            for (SpanData s : SPANS) {
                if (s.getTraceId().equals(traceId) && s.getKind() == SpanKind.CLIENT) {
                    client = s;
                }
                if (s.getTraceId().equals(traceId) && s.getKind() == SpanKind.SERVER) {
                    server = s;
                }
            }
            Thread.sleep(50);
        }
        assertThat(server).isNotNull();
        assertThat(client).isNotNull();
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(r.headers().firstValue("traceparent").orElseThrow()).contains(server.getSpanId());
        assertThat(client.getName()).isEqualTo("chat claude");
        assertThat(client.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
        assertThat(client.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("claude");
        assertThat(client.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("fake-claude");
        assertThat(client.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(16L);
        assertThat(client.getAttributes().get(AttributeKey.stringKey("paved.tenant.id"))).isEqualTo(gw.tenantId);
    }

    @Test
    void metricsExposeRequestsTokensAndTtftHistograms() {
        gw.post("/v1/chat/completions", gw.key, "application/json",
                "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        String metrics = gw.get("/metrics", null).body();
        assertThat(metrics).contains("paved_gateway_requests_total{").contains("alias=\"gpt\"");
        assertThat(metrics).contains("paved_gateway_ttft_seconds_bucket{");
        assertThat(metrics).contains("paved_gateway_tokens_total{").contains("paved_gateway_cost_usd_total{");
        assertThat(metrics).contains("paved_ledger_written_total");
    }
}
