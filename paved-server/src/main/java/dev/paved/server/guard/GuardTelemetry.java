package dev.paved.server.guard;

import dev.paved.core.RequestContext;
import dev.paved.server.store.GuardAuditStore;
import dev.paved.server.telemetry.Tracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every guardrail decision to the audit table (on a worker thread), to Prometheus
 * ({@code paved_guard_decisions_total} by api, stage, verdict and scanner; {@code paved_guard_scan_seconds} by
 * stage) and to the trace. Only reason codes and scores travel; never text.
 */
public final class GuardTelemetry implements GuardEvents {
    private static final Logger LOG = LoggerFactory.getLogger(GuardTelemetry.class);

    private final Vertx vertx;
    private final GuardAuditStore audit;
    private final Tracing tracing;
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public GuardTelemetry(Vertx vertx, GuardAuditStore audit, Tracing tracing, MeterRegistry registry) {
        this.vertx = vertx;
        this.audit = audit;
        this.tracing = tracing;
        this.registry = registry;
    }

    @Override
    public void decided(RequestContext ctx, String api, String alias, GuardDecision d) {
        for (String scanner : d.scanners().isEmpty() ? java.util.List.of("none") : d.scanners()) {
            counter(api, d.stage(), d.verdict(), scanner).increment();
        }
        timer(d.stage()).record(Duration.ofNanos(d.scanMicros() * 1000));
        tracing.guardDecision(ctx, d.stage(), d.verdict(), d.scanners(), d.reasonCodes(), d.maxScore(), d.scanMicros());
        GuardAuditStore.Entry entry = new GuardAuditStore.Entry(ctx.tenantId(), ctx.requestId(), ctx.traceId(), ctx.keyId(), ctx.featureId(),
                api, alias, d.stage(), d.verdict(), d.scanners(), d.reasonCodes(), d.maxScore(), d.redactions(), d.scanMicros(),
                ctx.principalId());
        vertx.executeBlocking(() -> {
            audit.insert(entry);
            return null;
        }, false).onFailure(e -> LOG.error("could not write the guardrail audit entry of request {}: {}", ctx.requestId(), e.toString()));
    }

    @Override
    public void passed(String api, String stage, long scanMicros) {
        counter(api, stage, "allow", "none").increment();
        timer(stage).record(Duration.ofNanos(scanMicros * 1000));
    }

    private Counter counter(String api, String stage, String verdict, String scanner) {
        return counters.computeIfAbsent(api + '|' + stage + '|' + verdict + '|' + scanner, k -> Counter.builder("paved.guard.decisions")
                .description("Guardrail decisions by stage, verdict and the scanner that reported")
                .tags("api", api, "stage", stage, "verdict", verdict, "scanner", scanner)
                .register(registry));
    }

    private Timer timer(String stage) {
        return timers.computeIfAbsent(stage, s -> Timer.builder("paved.guard.scan")
                .description("Time spent in guardrail scanners per request and stage")
                .tags("stage", s)
                .publishPercentileHistogram()
                .register(registry));
    }
}
