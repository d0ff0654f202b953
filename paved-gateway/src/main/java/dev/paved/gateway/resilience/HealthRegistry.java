package dev.paved.gateway.resilience;

import dev.paved.gateway.config.ResilienceConfig;
import dev.paved.gateway.config.TargetConfig;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every target's health in this replica, created on first use, and the link to the other replicas
 * through the {@link BreakerBus}.
 */
public final class HealthRegistry {
    private final ResilienceConfig config;
    private final BreakerBus bus;
    private final RetryBudget retryBudget;
    private final ConcurrentHashMap<String, TargetHealth> targets = new ConcurrentHashMap<>();
    private final List<Consumer<TargetHealth>> onCreate = new java.util.concurrent.CopyOnWriteArrayList<>();

    public HealthRegistry(ResilienceConfig config, BreakerBus bus) {
        this.config = config;
        this.bus = bus;
        this.retryBudget = new RetryBudget(config.retryBudgetRatio(), config.retryBudgetMinimum());
        bus.subscribe((target, state) -> of(target).applyPeer(state));
    }

    public ResilienceConfig config() {
        return config;
    }

    public RetryBudget retryBudget() {
        return retryBudget;
    }

    public TargetHealth of(TargetConfig target) {
        return of(target.qualifiedName());
    }

    public TargetHealth of(String qualifiedName) {
        TargetHealth h = targets.get(qualifiedName);
        if (h != null) {
            return h;
        }
        return targets.computeIfAbsent(qualifiedName, name -> {
            TargetHealth created = new TargetHealth(name, config, bus::publish);
            onCreate.forEach(c -> c.accept(created));
            return created;
        });
    }

    /** Runs for every target's health as it is created (metrics binding). */
    public void onCreate(Consumer<TargetHealth> listener) {
        onCreate.add(listener);
        targets.values().forEach(listener);
    }

    public Collection<TargetHealth> all() {
        return targets.values();
    }
}
