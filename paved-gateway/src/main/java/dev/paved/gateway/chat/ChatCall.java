package dev.paved.gateway.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.config.ResilienceConfig;
import dev.paved.gateway.provider.UpstreamHttp;
import dev.paved.gateway.resilience.Backoff;
import dev.paved.gateway.resilience.HealthRegistry;
import dev.paved.gateway.resilience.TargetHealth;
import dev.paved.gateway.route.Route;
import dev.paved.gateway.route.RoutePlan;
import dev.paved.gateway.usage.TokenEstimator;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.WireTranslation;
import java.util.List;

/**
 * One chat call across its attempts. Candidates are tried in the plan's order, each once, skipping
 * those whose breaker refuses (open, or half-open with its probes taken); a failure that allows it
 * falls back to the next candidate at once. When all were tried, a retryable failure is retried with
 * full-jitter backoff (never shorter than the provider's Retry-After, never when that exceeds the cap),
 * bounded per call by {@code max_retries} and across calls by the retry budget. Nothing is tried again
 * once the caller received a byte of an answer.
 */
final class ChatCall implements AttemptListener {
    private final Vertx vertx;
    private final UpstreamHttp http;
    private final TokenEstimator tokens;
    private final CallRecorder rec;
    private final ClientChannel channel;
    private final WireFormat inbound;
    private final ObjectNode body;
    private final CallOptions options;
    private final RoutePlan plan;
    private final HealthRegistry health;
    private final OfflineFallback offline;
    private final ResilienceConfig cfg;
    private final boolean[] tried;
    private int retries;
    private UpstreamAttempt current;
    private boolean inFlight;
    private Route waiting;
    private long backoffTimer = -1;
    private boolean done;

    ChatCall(Vertx vertx, UpstreamHttp http, TokenEstimator tokens, CallRecorder rec, ClientChannel channel, WireFormat inbound,
             ObjectNode body, CallOptions options, RoutePlan plan, HealthRegistry health, OfflineFallback offline) {
        this.vertx = vertx;
        this.http = http;
        this.tokens = tokens;
        this.rec = rec;
        this.channel = channel;
        this.inbound = inbound;
        this.body = body;
        this.options = options;
        this.plan = plan;
        this.health = health;
        this.offline = offline;
        this.cfg = health.config();
        this.tried = new boolean[plan.candidates().size()];
    }

    void start() {
        channel.onClientGone(this::clientGone);
        health.retryBudget().deposit();
        next(null);
    }

    private void next(AttemptFailure last) {
        List<Route> candidates = plan.candidates();
        for (int i = 0; i < candidates.size(); i++) {
            if (tried[i]) {
                continue;
            }
            tried[i] = true;
            Route r = candidates.get(i);
            if (!health.of(r.target()).tryAcquire()) {
                rec.decision("skip:" + r.target().qualifiedName() + ":breaker_open");
                continue;
            }
            if (last != null) {
                rec.decision("fallback:" + r.target().qualifiedName() + ":" + last.code());
                health.of(current.route().target()).fellBackFrom();
            }
            launch(r);
            return;
        }
        if (last == null) {
            allUnhealthy();
            return;
        }
        if (last.retryable() && retries < cfg.maxRetries()) {
            long delay = Backoff.delayMillis(retries, cfg.retryBaseDelay(), cfg.retryMaxDelay(), last.retryAfterMillis());
            if (delay < 0) {
                rec.decision("no_retry:retry_after_too_long");
            } else if (!health.retryBudget().tryWithdraw()) {
                rec.decision("no_retry:budget_exhausted");
            } else {
                Route again = firstAdmitted();
                if (again != null) {
                    retries++;
                    rec.decision("retry:" + again.target().qualifiedName() + ":" + last.code() + ":" + delay + "ms");
                    health.of(again.target()).retried();
                    waiting = again;
                    backoffTimer = vertx.setTimer(Math.max(1, delay), id -> {
                        backoffTimer = -1;
                        waiting = null;
                        launch(again);
                    });
                    return;
                }
            }
        }
        deliver(last);
    }

    /** The first candidate whose breaker lets a call through now, its permission taken; null when none. */
    private Route firstAdmitted() {
        for (Route r : plan.candidates()) {
            if (health.of(r.target()).tryAcquire()) {
                return r;
            }
        }
        return null;
    }

    private void launch(Route route) {
        inFlight = true;
        rec.attempt();
        rec.route(route);
        current = new UpstreamAttempt(vertx, http, tokens, rec, channel, inbound, route, body, this);
        current.start(options.anthropicBeta());
    }

    @Override
    public void succeeded(UpstreamAttempt attempt, long observedMillis) {
        inFlight = false;
        health.of(attempt.route().target()).succeeded(System.nanoTime() - attempt.startNanos(), observedMillis);
        finish();
        rec.succeeded(200);
    }

    @Override
    public void failed(UpstreamAttempt attempt, AttemptFailure failure) {
        inFlight = false;
        TargetHealth h = health.of(attempt.route().target());
        if (failure.unhealthy()) {
            h.failed(System.nanoTime() - attempt.startNanos(), failure.error());
        } else {
            h.released();
        }
        if (done) {
            return;
        }
        if (failure.delivered()) {
            finish();
            rec.failed(502, failure.code());
            return;
        }
        if (!channel.isOpen()) {
            clientGone();
            return;
        }
        if (failure.fallback() || failure.retryable()) {
            next(failure);
        } else {
            deliver(failure);
        }
    }

    private void deliver(AttemptFailure f) {
        finish();
        PavedException e = f.error();
        if (f.retryAfterHeader() != null && !channel.streamStarted()) {
            MultiMap h = MultiMap.caseInsensitiveMultiMap().add("retry-after", f.retryAfterHeader());
            channel.sendJson(e.status(), Buffer.buffer(Json.bytes(WireTranslation.errorBody(inbound, e))), h);
        } else {
            channel.fail(e);
        }
        rec.failed(e.status(), f.code() == null ? e.kind().type() : f.code());
    }

    /** No candidate would take a call: offline mode, else a 503 that says why and when to retry. */
    private void allUnhealthy() {
        rec.decision("offline:all_targets_unhealthy");
        offline.serve(rec.context(), inbound, body, plan.alias().name(), channel, rec).onComplete(ar -> {
            if (ar.succeeded() && ar.result()) {
                finish();
                return;
            }
            finish();
            PavedException e = new PavedException(ErrorKind.UNAVAILABLE, "Every target of the model '" + plan.alias().name()
                    + "' is failing right now and its circuit breakers are open, and the cache holds no answer to offer instead."
                    + " Retry in about " + cfg.openFor().toSeconds() + "s, or use another model.", null, "no_healthy_target")
                    .withHeaders(java.util.Map.of("retry-after", Long.toString(Math.max(1, cfg.openFor().toSeconds()))));
            channel.fail(e);
            rec.failed(e.status(), "no_healthy_target");
        });
    }

    private void clientGone() {
        if (done) {
            return;
        }
        finish();
        if (inFlight) {
            inFlight = false;
            current.cancel();
            health.of(current.route().target()).released();
        }
        rec.failed(499, "client_disconnected");
    }

    private void finish() {
        done = true;
        if (backoffTimer >= 0) {
            vertx.cancelTimer(backoffTimer);
            backoffTimer = -1;
        }
        if (waiting != null) {
            health.of(waiting.target()).released();
            waiting = null;
        }
    }
}
