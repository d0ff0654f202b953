package dev.paved.gateway.policy;

/** Who a budget belongs to. */
public enum BudgetScope {
    TENANT("tenant"),
    KEY("key"),
    FEATURE("feature");

    private final String label;

    BudgetScope(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The scope with this {@link #label()}. */
    static BudgetScope ofLabel(String label) {
        return switch (label) {
            case "tenant" -> TENANT;
            case "key" -> KEY;
            case "feature" -> FEATURE;
            default -> throw new IllegalArgumentException("not a budget scope: " + label);
        };
    }
}
