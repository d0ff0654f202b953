package dev.paved.server.telemetry;

import dev.paved.core.Ids;
import dev.paved.core.RequestContext;
import dev.paved.gateway.chat.CallObserver;
import dev.paved.gateway.ledger.LedgerEntry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.concurrent.TimeUnit;

/**
 * W3C trace context at the edge and OpenTelemetry spans with the GenAI semantic conventions.
 * Every request gets a trace id and a {@code traceparent} response header; spans are recorded only
 * when an exporter is configured (OTLP endpoint, or an exporter a test passes in), so tracing costs
 * nothing when it is off.
 */
public final class Tracing implements CallObserver, AutoCloseable {
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("paved.attempts");
    static final AttributeKey<java.util.List<String>> DECISIONS = AttributeKey.stringArrayKey("paved.decisions");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<Long> CACHED_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    static final AttributeKey<String> TENANT = AttributeKey.stringKey("paved.tenant.id");
    static final AttributeKey<String> FEATURE = AttributeKey.stringKey("paved.feature.id");
    static final AttributeKey<String> PRINCIPAL = AttributeKey.stringKey("paved.principal.id");
    static final AttributeKey<String> ALIAS = AttributeKey.stringKey("paved.model.alias");
    static final AttributeKey<Double> COST = AttributeKey.doubleKey("paved.cost.usd");
    static final AttributeKey<Long> TTFT = AttributeKey.longKey("paved.ttft_ms");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("paved.request.id");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> GUARD_STAGE = AttributeKey.stringKey("paved.guard.stage");
    static final AttributeKey<String> GUARD_VERDICT = AttributeKey.stringKey("paved.guard.verdict");
    static final AttributeKey<java.util.List<String>> GUARD_SCANNERS = AttributeKey.stringArrayKey("paved.guard.scanners");
    static final AttributeKey<java.util.List<String>> GUARD_REASONS = AttributeKey.stringArrayKey("paved.guard.reason_codes");
    static final AttributeKey<Double> GUARD_SCORE = AttributeKey.doubleKey("paved.guard.max_score");
    static final AttributeKey<Long> RAG_STEP = AttributeKey.longKey("paved.rag.step");
    static final AttributeKey<String> RAG_DECISION = AttributeKey.stringKey("paved.rag.decision");

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private Tracing(SpanProcessor processor) {
        if (processor == null) {
            this.provider = null;
            this.tracer = null;
        } else {
            this.provider = SdkTracerProvider.builder()
                    .setResource(Resource.getDefault().merge(Resource.create(
                            Attributes.of(AttributeKey.stringKey("service.name"), "paved"))))
                    .addSpanProcessor(processor)
                    .build();
            this.tracer = provider.get("dev.paved");
        }
    }

    /** Trace ids and headers only; no spans recorded. */
    public static Tracing off() {
        return new Tracing(null);
    }

    /** Exports spans over OTLP/HTTP to e.g. {@code http://collector:4318/v1/traces}. */
    public static Tracing otlp(String endpoint) {
        return new Tracing(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build()).build());
    }

    /** Exports every span synchronously to {@code exporter} (tests). */
    public static Tracing exportingTo(SpanExporter exporter) {
        return new Tracing(SimpleSpanProcessor.create(exporter));
    }

    public boolean recording() {
        return tracer != null;
    }

    /** The server span of one inbound request. */
    public static final class EdgeSpan {
        private final String traceId;
        private final String spanId;
        private final Span span;

        EdgeSpan(String traceId, String spanId, Span span) {
            this.traceId = traceId;
            this.spanId = spanId;
            this.span = span;
        }

        public String traceId() {
            return traceId;
        }

        public String spanId() {
            return spanId;
        }

        /** Adds numeric attributes to the span, e.g. the per-stage timings of a knowledge search. */
        public void attributes(java.util.Map<String, Double> values) {
            if (span != null) {
                values.forEach(span::setAttribute);
            }
        }

        public void end(int status, String requestId) {
            if (span != null) {
                span.setAttribute(HTTP_STATUS, (long) status);
                span.setAttribute(REQUEST_ID, requestId);
                if (status >= 500) {
                    span.setStatus(StatusCode.ERROR);
                }
                span.end();
            }
        }
    }

    /** Starts the edge span, continuing the caller's trace when it sent a valid {@code traceparent}. */
    public EdgeSpan startEdge(String traceparentHeader, String name) {
        Traceparent parent = Traceparent.parse(traceparentHeader);
        if (tracer == null) {
            return new EdgeSpan(parent == null ? Ids.traceId() : parent.traceId(), Ids.spanId(), null);
        }
        Context parentContext = Context.root();
        if (parent != null) {
            parentContext = parentContext.with(Span.wrap(SpanContext.createFromRemoteParent(parent.traceId(), parent.parentSpanId(),
                    TraceFlags.getSampled(), TraceState.getDefault())));
        }
        Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.SERVER).setParent(parentContext).startSpan();
        return new EdgeSpan(span.getSpanContext().getTraceId(), span.getSpanContext().getSpanId(), span);
    }

    /** Records the model call as a CLIENT span under the edge span, after the fact. */
    @Override
    public void completed(RequestContext ctx, LedgerEntry e) {
        if (tracer == null) {
            return;
        }
        Context parent = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(ctx.traceId(), ctx.spanId(),
                TraceFlags.getSampled(), TraceState.getDefault())));
        String operation = e.api().endsWith("embeddings") ? "embeddings" : "chat";
        long startNanos = TimeUnit.MILLISECONDS.toNanos(e.at().toEpochMilli());
        Span span = tracer.spanBuilder(operation + " " + e.alias())
                .setSpanKind(SpanKind.CLIENT)
                .setParent(parent)
                .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
                .startSpan();
        span.setAttribute(OPERATION, operation);
        span.setAttribute(PROVIDER, e.provider() == null ? "none" : e.provider());
        span.setAttribute(REQUEST_MODEL, e.alias());
        if (e.model() != null) {
            span.setAttribute(RESPONSE_MODEL, e.model());
        }
        span.setAttribute(INPUT_TOKENS, e.usage().promptTokens());
        span.setAttribute(OUTPUT_TOKENS, e.usage().outputTokens());
        span.setAttribute(CACHED_TOKENS, e.usage().cachedInputTokens());
        span.setAttribute(TENANT, e.tenantId());
        if (e.principalId() != null) {
            span.setAttribute(PRINCIPAL, e.principalId());
        }
        if (e.featureId() != null) {
            span.setAttribute(FEATURE, e.featureId());
        }
        span.setAttribute(ALIAS, e.alias());
        span.setAttribute(COST, e.cost().doubleValue());
        span.setAttribute(REQUEST_ID, e.requestId());
        span.setAttribute(HTTP_STATUS, (long) e.status());
        span.setAttribute(ATTEMPTS, (long) e.attempts());
        if (!e.decisions().isEmpty()) {
            span.setAttribute(DECISIONS, e.decisions());
        }
        if (e.ttftMillis() >= 0) {
            span.setAttribute(TTFT, e.ttftMillis());
        }
        if (e.errorCode() != null) {
            span.setAttribute(ERROR_TYPE, e.errorCode());
            span.setStatus(StatusCode.ERROR);
        }
        span.end(startNanos + TimeUnit.MILLISECONDS.toNanos(e.latencyMillis()), TimeUnit.NANOSECONDS);
    }

    /**
     * Records a guardrail decision as an INTERNAL span under the edge span: stage, verdict, scanners, reason
     * codes and the highest score; never the checked text.
     */
    public void guardDecision(RequestContext ctx, String stage, String verdict, java.util.List<String> scanners,
                              java.util.List<String> reasonCodes, double maxScore, long scanMicros) {
        if (tracer == null) {
            return;
        }
        Context parent = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(ctx.traceId(), ctx.spanId(),
                TraceFlags.getSampled(), TraceState.getDefault())));
        long end = System.currentTimeMillis() * 1_000_000L;
        Span span = tracer.spanBuilder("guard " + stage).setSpanKind(SpanKind.INTERNAL).setParent(parent)
                .setStartTimestamp(end - scanMicros * 1000, TimeUnit.NANOSECONDS).startSpan();
        span.setAttribute(GUARD_STAGE, stage);
        span.setAttribute(GUARD_VERDICT, verdict);
        span.setAttribute(GUARD_SCANNERS, scanners);
        span.setAttribute(GUARD_REASONS, reasonCodes);
        span.setAttribute(GUARD_SCORE, maxScore);
        span.setAttribute(TENANT, ctx.tenantId());
        if (ctx.principalId() != null) {
            span.setAttribute(PRINCIPAL, ctx.principalId());
        }
        span.setAttribute(REQUEST_ID, ctx.requestId());
        span.end(end, TimeUnit.NANOSECONDS);
    }

    /**
     * Records the steps of a RAG request as INTERNAL spans under the edge span, after the fact: step name, number,
     * decision and the step's attributes; never the question or the answer.
     */
    public void ragSteps(RequestContext ctx, java.util.List<dev.paved.rag.StepRecord> steps) {
        if (tracer == null) {
            return;
        }
        Context parent = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(ctx.traceId(), ctx.spanId(),
                TraceFlags.getSampled(), TraceState.getDefault())));
        for (dev.paved.rag.StepRecord r : steps) {
            Span span = tracer.spanBuilder(r.step().spanName()).setSpanKind(SpanKind.INTERNAL).setParent(parent)
                    .setStartTimestamp(r.startEpochNanos(), TimeUnit.NANOSECONDS).startSpan();
            span.setAttribute(RAG_STEP, (long) r.step().number());
            span.setAttribute(RAG_DECISION, r.decision());
            span.setAttribute(TENANT, ctx.tenantId());
            if (ctx.principalId() != null) {
                span.setAttribute(PRINCIPAL, ctx.principalId());
            }
            span.setAttribute(REQUEST_ID, ctx.requestId());
            r.attributes().forEach((k, v) -> span.setAttribute("paved.rag." + k, v));
            if (r.decision().startsWith("failed") || r.decision().startsWith("blocked")) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end(r.startEpochNanos() + r.durationNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}
