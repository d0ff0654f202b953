package dev.paved.gateway.policy;

import java.util.Locale;

/** Who a budget belongs to. */
public enum BudgetScope {
    TENANT,
    KEY,
    FEATURE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
