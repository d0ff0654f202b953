package dev.paved.gateway.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The UTC calendar periods budgets are counted in. */
public enum BudgetPeriod {
    DAY("day"),
    MONTH("month");

    private static final DateTimeFormatter DAY_ID = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter MONTH_ID = DateTimeFormatter.ofPattern("yyyyMM");

    private final String label;
    /** The period last asked about: nearly every call falls in it, so its bounds and name are computed once. */
    private volatile Window last;

    private record Window(long startMillis, long endMillis, String id) {
    }

    BudgetPeriod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Start of the period containing {@code at}. */
    public Instant start(Instant at) {
        return Instant.ofEpochMilli(window(at).startMillis());
    }

    /** Start of the next period: when a budget spent in this one resets. */
    public Instant end(Instant at) {
        return Instant.ofEpochMilli(window(at).endMillis());
    }

    /** A name for the period containing {@code at}: {@code 20261123} or {@code 202611}. */
    public String id(Instant at) {
        return window(at).id();
    }

    private Window window(Instant at) {
        long millis = at.toEpochMilli();
        Window w = last;
        if (w != null && millis >= w.startMillis() && millis < w.endMillis()) {
            return w;
        }
        LocalDate d = at.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate first = this == DAY ? d : d.withDayOfMonth(1);
        LocalDate next = this == DAY ? first.plusDays(1) : first.plusMonths(1);
        w = new Window(first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(), next.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(),
                (this == DAY ? DAY_ID : MONTH_ID).format(d));
        last = w;
        return w;
    }
}
