package dev.paved.gateway.route;

/** A tenant's home region for residency; null when the tenant may use targets in any region. */
@FunctionalInterface
public interface TenantRegions {
    TenantRegions NONE = tenantId -> null;

    String homeRegion(String tenantId);
}
