package dev.paved.server.store;

import java.util.Locale;

/** Whether a tenant or key may be used. Stored as {@code active} / {@code disabled}. */
public enum Status {
    ACTIVE,
    DISABLED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Status fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
