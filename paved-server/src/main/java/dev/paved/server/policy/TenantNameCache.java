package dev.paved.server.policy;

import dev.paved.gateway.policy.TenantDirectory;
import dev.paved.server.store.Tenant;
import dev.paved.server.store.TenantStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.ConcurrentHashMap;

/** Tenant names by id from the tenant store, each looked up once (tenants are never renamed). */
public final class TenantNameCache implements TenantDirectory {
    private final Vertx vertx;
    private final TenantStore tenants;
    private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

    public TenantNameCache(Vertx vertx, TenantStore tenants) {
        this.vertx = vertx;
        this.tenants = tenants;
    }

    /** Loads every tenant's name (at start-up, so the first calls find them cached). */
    public TenantNameCache preload() {
        for (Tenant t : tenants.list()) {
            names.put(t.id(), t.name());
        }
        return this;
    }

    @Override
    public String cachedName(String tenantId) {
        return tenantId == null ? null : names.get(tenantId);
    }

    @Override
    public Future<String> name(String tenantId) {
        String cached = cachedName(tenantId);
        if (cached != null || tenantId == null) {
            return Future.succeededFuture(cached);
        }
        return vertx.executeBlocking(() -> {
            String name = tenants.find(tenantId).map(Tenant::name).orElse(null);
            if (name != null) {
                names.put(tenantId, name);
            }
            return name;
        }, false);
    }

    /** Loads a tenant's name now unless it is cached; blocking, for worker threads (such as key authentication). */
    public void ensure(String tenantId) {
        if (tenantId != null && !names.containsKey(tenantId)) {
            tenants.find(tenantId).map(Tenant::name).ifPresent(name -> names.put(tenantId, name));
        }
    }
}
