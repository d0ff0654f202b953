package dev.paved.gateway.policy;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.gateway.config.TargetConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kill switches in force, swapped whole when an operator changes one (a replica reloads them from the
 * database within a second). Reading costs a volatile read and a hash lookup per scope.
 */
public final class SwitchBoard implements TargetSwitches {
    private record Key(SwitchScope scope, String target) {
    }

    private volatile Map<Key, KillSwitch> active = Map.of();
    private volatile List<KillSwitch> all = List.of();

    /** Replaces every switch with {@code switches}. */
    public void replace(List<KillSwitch> switches) {
        Map<Key, KillSwitch> next = new HashMap<>();
        for (KillSwitch s : switches) {
            next.put(new Key(s.scope(), s.target()), s);
        }
        all = List.copyOf(switches);
        active = Map.copyOf(next);
    }

    public List<KillSwitch> list() {
        return all;
    }

    public KillSwitch find(SwitchScope scope, String target) {
        return target == null ? null : active.get(new Key(scope, target));
    }

    @Override
    public boolean killed(TargetConfig target) {
        Map<Key, KillSwitch> a = active;
        return !a.isEmpty() && (a.containsKey(new Key(SwitchScope.MODEL, target.qualifiedName()))
                || a.containsKey(new Key(SwitchScope.MODEL, target.model())));
    }

    /** Whether the offline-cache-only switch is on for {@code alias} (or for every alias). */
    public boolean cacheOnly(String alias) {
        return !active.isEmpty() && (find(SwitchScope.OFFLINE_CACHE_ONLY, alias) != null
                || find(SwitchScope.OFFLINE_CACHE_ONLY, SwitchScope.GLOBAL_TARGET) != null);
    }

    /** Whether {@code alias} itself is switched off. */
    public boolean aliasKilled(String alias) {
        return find(SwitchScope.ALIAS, alias) != null;
    }

    /**
     * Refuses a call that a global, tenant, feature or alias switch turns off. Model switches are applied
     * by routing (and by the caller of this method when every target of the alias is off).
     *
     * @throws PavedException 503 for global and alias switches, 403 for tenant and feature switches
     */
    public void check(String tenantId, String featureId, String alias) {
        if (active.isEmpty()) {
            return;
        }
        KillSwitch s = find(SwitchScope.GLOBAL, SwitchScope.GLOBAL_TARGET);
        if (s != null) {
            throw refusal(ErrorKind.UNAVAILABLE, "inference_disabled", "Inference is switched off on this gateway", s,
                    "Retry after the platform team switches it back on.");
        }
        if ((s = find(SwitchScope.TENANT, tenantId)) != null) {
            throw refusal(ErrorKind.PERMISSION, "tenant_disabled", "Model calls of your tenant are switched off", s,
                    "Ask your platform team to clear the tenant's kill switch.");
        }
        if ((s = find(SwitchScope.FEATURE, featureId)) != null) {
            throw refusal(ErrorKind.PERMISSION, "feature_disabled", "Model calls of the feature '" + featureId + "' are switched off", s,
                    "Ask your platform team to clear the feature's kill switch, or call without it.");
        }
        if ((s = find(SwitchScope.ALIAS, alias)) != null) {
            throw refusal(ErrorKind.UNAVAILABLE, "alias_disabled", "The model '" + alias + "' is switched off", s,
                    "Use another model from GET /v1/models, or retry after the platform team switches it back on.");
        }
    }

    /** The error for an alias all of whose targets are switched off. */
    public PavedException allTargetsKilled(String alias) {
        return new PavedException(ErrorKind.UNAVAILABLE, "Every provider model behind '" + alias
                + "' is switched off by the platform team. Use another model from GET /v1/models, or retry later.",
                "model", "model_disabled");
    }

    private static PavedException refusal(ErrorKind kind, String code, String what, KillSwitch s, String next) {
        String reason = s.reason() == null || s.reason().isBlank() ? "" : " (reason: " + s.reason() + ")";
        return new PavedException(kind, what + reason + ". " + next, null, code);
    }
}
