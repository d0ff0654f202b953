package dev.paved.server.policy;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.config.TargetConfig;
import dev.paved.gateway.policy.KillSwitch;
import dev.paved.gateway.policy.SwitchScope;
import dev.paved.server.store.SwitchStore;
import dev.paved.server.store.TenantStore;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Changes kill switches for the admin API: checks that the target exists (a tenant id, a configured alias or
 * model), stores the change, reloads this replica's switches and tells the others. Blocking (JDBC).
 */
public final class SwitchControl {
    private static final Pattern FEATURE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final SwitchStore store;
    private final TenantStore tenants;
    private final GatewayConfig gateway;
    private final Runnable reloadHere;
    private final Consumer<String> announce;

    /**
     * @param reloadHere reloads this replica's board (it must not wait for the next poll)
     * @param announce   tells the other replicas (Redis pub/sub), or does nothing
     */
    public SwitchControl(SwitchStore store, TenantStore tenants, GatewayConfig gateway, Runnable reloadHere, Consumer<String> announce) {
        this.store = store;
        this.tenants = tenants;
        this.gateway = gateway;
        this.reloadHere = reloadHere;
        this.announce = announce;
    }

    public List<KillSwitch> list() {
        return store.list();
    }

    public KillSwitch set(String scopeText, String target, String reason) {
        SwitchScope scope = scope(scopeText);
        String t = validTarget(scope, target);
        if (reason != null && reason.length() > 500) {
            throw PavedException.invalid("'reason' must be at most 500 characters.", "reason");
        }
        KillSwitch s = store.set(scope, t, reason == null || reason.isBlank() ? null : reason.strip());
        changed(scope);
        return s;
    }

    public KillSwitch clear(String scopeText, String target) {
        SwitchScope scope = scope(scopeText);
        String t = scope == SwitchScope.GLOBAL || (scope == SwitchScope.OFFLINE_CACHE_ONLY && (target == null || target.isBlank()))
                ? SwitchScope.GLOBAL_TARGET : required(target);
        Optional<KillSwitch> removed = store.clear(scope, t);
        if (removed.isEmpty()) {
            throw new PavedException(ErrorKind.NOT_FOUND, "No " + scope.label() + " kill switch is set for '" + t
                    + "'. 'paved switches list' shows the switches in force.", "target", "switch_not_found");
        }
        changed(scope);
        return removed.get();
    }

    private void changed(SwitchScope scope) {
        reloadHere.run();
        announce.accept(scope.label());
    }

    private static SwitchScope scope(String text) {
        try {
            return SwitchScope.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PavedException(ErrorKind.NOT_FOUND, "No switch scope '" + text + "'. Use one of: "
                    + String.join(", ", SwitchScope.labels()) + ".", "scope", "unknown_switch_scope");
        }
    }

    private String validTarget(SwitchScope scope, String target) {
        switch (scope) {
            case GLOBAL -> {
                if (target != null && !target.isBlank() && !target.equals(SwitchScope.GLOBAL_TARGET)) {
                    throw PavedException.invalid("The global switch has no target (or 'inference'); got '" + target + "'.", "target");
                }
                return SwitchScope.GLOBAL_TARGET;
            }
            case TENANT -> {
                String id = required(target);
                tenants.get(id);
                return id;
            }
            case FEATURE -> {
                String id = required(target);
                if (!FEATURE.matcher(id).matches()) {
                    throw PavedException.invalid("A feature id is 1-128 letters, digits, '.', '_', ':' or '-'.", "target");
                }
                return id;
            }
            case OFFLINE_CACHE_ONLY -> {
                if (target == null || target.isBlank() || target.equals(SwitchScope.GLOBAL_TARGET)) {
                    return SwitchScope.GLOBAL_TARGET;
                }
                return validTarget(SwitchScope.ALIAS, target);
            }
            case ALIAS -> {
                String alias = required(target);
                if (!gateway.aliases().containsKey(alias)) {
                    throw new PavedException(ErrorKind.NOT_FOUND, "No alias '" + alias + "'. Configured aliases: "
                            + String.join(", ", new TreeSet<>(gateway.aliases().keySet())) + ".", "target", "alias_not_found");
                }
                return alias;
            }
            case MODEL -> {
                String model = required(target);
                TreeSet<String> known = new TreeSet<>();
                for (AliasConfig a : gateway.aliases().values()) {
                    for (TargetConfig t : a.targets()) {
                        known.add(t.qualifiedName());
                        known.add(t.model());
                    }
                }
                if (!known.contains(model)) {
                    throw new PavedException(ErrorKind.NOT_FOUND, "No alias routes to the model '" + model
                            + "'. Name a model as provider/model or by its model name; configured: " + String.join(", ", known) + ".",
                            "target", "model_not_found");
                }
                return model;
            }
            default -> throw new IllegalStateException(scope.toString());
        }
    }

    private static String required(String target) {
        if (target == null || target.isBlank()) {
            throw PavedException.invalid("'target' is required: the tenant id, feature id, alias or model to switch.", "target");
        }
        return target.strip();
    }
}
