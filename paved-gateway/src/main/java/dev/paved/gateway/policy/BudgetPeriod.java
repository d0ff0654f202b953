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

    BudgetPeriod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Start of the period containing {@code at}. */
    public Instant start(Instant at) {
        LocalDate d = at.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate first = this == DAY ? d : d.withDayOfMonth(1);
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Start of the next period: when a budget spent in this one resets. */
    public Instant end(Instant at) {
        LocalDate first = start(at).atZone(ZoneOffset.UTC).toLocalDate();
        return (this == DAY ? first.plusDays(1) : first.plusMonths(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** A name for the period containing {@code at}: {@code 20261123} or {@code 202611}. */
    public String id(Instant at) {
        return (this == DAY ? DAY_ID : MONTH_ID).format(at.atZone(ZoneOffset.UTC));
    }
}
