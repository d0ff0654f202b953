package dev.paved.server.telemetry;

import dev.paved.core.RequestContext;
import dev.paved.gateway.chat.CallObserver;
import dev.paved.gateway.ledger.LedgerEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics of model calls: requests by outcome, end-to-end latency and time to first
 * token histograms, tokens and dollars. Meters are cached per label set so recording a call costs
 * a few map lookups, not meter registration.
 */
public final class GatewayMetrics implements CallObserver {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Meters> meters = new ConcurrentHashMap<>();

    private record Key(String api, String alias, String provider, String model, String tenant, int status, boolean stream) {
    }

    private record Meters(Counter requests, Timer latency, Timer ttft, Counter inputTokens, Counter outputTokens,
                          Counter cachedTokens, Counter cost, DistributionSummary outputPerCall) {
    }

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void completed(RequestContext ctx, LedgerEntry e) {
        Key key = new Key(e.api(), nz(e.alias()), nz(e.provider()), nz(e.model()), nz(e.tenantId()), e.status(), e.stream());
        Meters m = meters.computeIfAbsent(key, this::create);
        m.requests.increment();
        m.latency.record(Duration.ofMillis(e.latencyMillis()));
        if (e.ttftMillis() >= 0) {
            m.ttft.record(Duration.ofMillis(e.ttftMillis()));
        }
        m.inputTokens.increment(e.usage().inputTokens());
        m.outputTokens.increment(e.usage().outputTokens());
        m.cachedTokens.increment(e.usage().cachedInputTokens());
        m.cost.increment(e.cost().doubleValue());
        m.outputPerCall.record(e.usage().outputTokens());
    }

    private Meters create(Key k) {
        String status = Integer.toString(k.status);
        String outcome = k.status < 400 ? "success" : (k.status < 500 ? "client_error" : "error");
        Counter requests = Counter.builder("paved.gateway.requests")
                .description("Model calls through the gateway")
                .tags("api", k.api, "alias", k.alias, "provider", k.provider, "status", status, "outcome", outcome,
                        "stream", Boolean.toString(k.stream))
                .register(registry);
        Timer latency = Timer.builder("paved.gateway.request.duration")
                .description("End-to-end latency of a model call")
                .tags("api", k.api, "alias", k.alias, "provider", k.provider, "stream", Boolean.toString(k.stream))
                .publishPercentileHistogram()
                .register(registry);
        Timer ttft = Timer.builder("paved.gateway.ttft")
                .description("Time to first token of streamed calls")
                .tags("alias", k.alias, "provider", k.provider)
                .publishPercentileHistogram()
                .register(registry);
        Counter in = tokens(k, "input");
        Counter out = tokens(k, "output");
        Counter cached = tokens(k, "cached_input");
        Counter cost = Counter.builder("paved.gateway.cost")
                .baseUnit("usd")
                .description("Cost of model calls in US dollars")
                .tags("tenant", k.tenant, "alias", k.alias, "model", k.model)
                .register(registry);
        DistributionSummary outputPerCall = DistributionSummary.builder("paved.gateway.output.tokens.per.call")
                .description("Output tokens per call")
                .tags("alias", k.alias)
                .publishPercentileHistogram()
                .register(registry);
        return new Meters(requests, latency, ttft, in, out, cached, cost, outputPerCall);
    }

    private Counter tokens(Key k, String type) {
        return Counter.builder("paved.gateway.tokens")
                .description("Tokens through the gateway")
                .tags("tenant", k.tenant, "alias", k.alias, "model", k.model, "type", type)
                .register(registry);
    }

    private static String nz(String s) {
        return s == null ? "none" : s;
    }
}
