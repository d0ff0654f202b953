package dev.paved.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceparentTest {
    @Test
    void parsesAValidHeader() {
        Traceparent t = Traceparent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(t.parentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(t.sampled()).isTrue();
    }

    @Test
    void rejectsMalformedOrAllZeroIds() {
        assertThat(Traceparent.parse(null)).isNull();
        assertThat(Traceparent.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
        assertThat(Traceparent.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
        assertThat(Traceparent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isNull();
        assertThat(Traceparent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNull();
        assertThat(Traceparent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")).isNull();
    }

    @Test
    void edgeSpanContinuesTheCallersTraceWhenTracingIsOff() {
        Tracing.EdgeSpan span = Tracing.off().startEdge("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "POST /x");
        assertThat(span.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(span.spanId()).hasSize(16).isNotEqualTo("00f067aa0ba902b7");
        assertThat(Tracing.off().startEdge("garbage", "POST /x").traceId()).hasSize(32).matches("[0-9a-f]{32}");
    }
}
