package dev.paved.gateway.policy;

import dev.paved.gateway.ledger.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An admitted call's reservations. {@link #release} frees its concurrency slots and charges its real
 * tokens to the current minute and its cost to the current day and month, in one store call.
 */
final class PolicyAdmission implements Admission {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyAdmission.class);

    private final String alias;
    private final Map<String, String> headers;
    private final List<String> decisions;
    private final AdmissionPlan plan;
    private final CounterStore store;
    private final LongSupplier clockMillis;
    private final AtomicBoolean released = new AtomicBoolean();

    PolicyAdmission(String alias, Map<String, String> headers, List<String> decisions, AdmissionPlan plan, CounterStore store,
                    LongSupplier clockMillis) {
        this.alias = alias;
        this.headers = Map.copyOf(headers);
        this.decisions = List.copyOf(decisions);
        this.plan = plan;
        this.store = store;
        this.clockMillis = clockMillis;
    }

    @Override
    public String alias() {
        return alias;
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public List<String> decisions() {
        return decisions;
    }

    @Override
    public void release(LedgerEntry entry) {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        List<CounterStore.Delta> deltas = deltas(entry, clockMillis.getAsLong());
        if (!deltas.isEmpty()) {
            store.apply(deltas).onFailure(e -> LOG.warn("could not release the admission of request {}: {}",
                    entry == null ? "?" : entry.requestId(), e.toString()));
        }
    }

    List<CounterStore.Delta> deltas(LedgerEntry entry, long nowMillis) {
        long tokens = entry == null ? 0 : entry.usage().totalTokens();
        long cost = entry == null || entry.cost() == null || entry.cost().signum() <= 0 ? 0 : Usd.toTicks(entry.cost());
        long minute = CounterKeys.minuteOf(nowMillis);
        Instant now = Instant.ofEpochMilli(nowMillis);
        List<CounterStore.Delta> out = new ArrayList<>(plan.meters.size());
        for (Meter m : plan.meters) {
            switch (m.kind()) {
                case CONCURRENT_REQUESTS, CONCURRENT_STREAMS -> out.add(new CounterStore.Delta(m.key(), -1, CounterKeys.CONCURRENCY_TTL_MILLIS));
                case TOKENS -> {
                    if (tokens > 0) {
                        // the window of the admission while it lasts (its key is at hand), else the current one
                        String key = nowMillis < m.resetAtMillis() ? m.key() : CounterKeys.rate(m.scope(), m.id(), "tok", minute);
                        out.add(new CounterStore.Delta(key, tokens, CounterKeys.RATE_TTL_MILLIS));
                    }
                }
                case BUDGET_DAY, BUDGET_MONTH -> {
                    if (cost > 0) {
                        BudgetPeriod p = m.kind().period();
                        String key = nowMillis < m.resetAtMillis() ? m.key() : CounterKeys.budget(m.budgetScope(), m.id(), p, now);
                        out.add(new CounterStore.Delta(key, cost, CounterKeys.budgetTtlMillis(p, now)));
                    }
                }
                case REQUESTS -> {
                }
            }
        }
        return out;
    }
}
