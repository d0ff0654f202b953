package dev.paved.gateway.policy;

import io.vertx.core.Future;

/**
 * Tenant names by tenant id. paved.yaml names tenants (they are stable and readable) while calls carry
 * tenant ids, so per-tenant settings need this lookup; answers are cached, and tenants are never renamed.
 */
public interface TenantDirectory {
    /** For tests and set-ups without per-tenant settings: every tenant's name is unknown. */
    TenantDirectory NONE = of(java.util.Map.of());

    /** A fixed directory: names by tenant id. */
    static TenantDirectory of(java.util.Map<String, String> namesById) {
        java.util.Map<String, String> names = java.util.Map.copyOf(namesById);
        return new TenantDirectory() {
            @Override
            public String cachedName(String tenantId) {
                return tenantId == null ? null : names.get(tenantId);
            }

            @Override
            public Future<String> name(String tenantId) {
                return Future.succeededFuture(cachedName(tenantId));
            }
        };
    }

    /** The name if already known here, else null (then call {@link #name}). */
    String cachedName(String tenantId);

    /** The name, looked up if needed; null for no such tenant. */
    Future<String> name(String tenantId);
}
