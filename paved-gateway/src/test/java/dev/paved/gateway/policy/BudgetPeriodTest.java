package dev.paved.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {
    @Test
    void boundsAndNamesMatchTheCalendarAcrossPeriodsInAnyOrder() {
        Random random = new Random(11);
        long base = Instant.parse("2026-01-30T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 5_000; i++) {
            // mostly nearby instants (the cached period), sometimes a jump forward or back across days, months, years
            long millis = base + (random.nextInt(10) == 0 ? random.nextLong(-400L, 400L) * 86_400_000L : random.nextLong(-3_600_000L, 3_600_000L));
            Instant at = Instant.ofEpochMilli(millis);
            LocalDate d = at.atZone(ZoneOffset.UTC).toLocalDate();
            assertThat(BudgetPeriod.DAY.start(at)).isEqualTo(d.atStartOfDay(ZoneOffset.UTC).toInstant());
            assertThat(BudgetPeriod.DAY.end(at)).isEqualTo(d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            assertThat(BudgetPeriod.DAY.id(at)).isEqualTo(d.format(DateTimeFormatter.BASIC_ISO_DATE));
            assertThat(BudgetPeriod.MONTH.start(at)).isEqualTo(d.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            assertThat(BudgetPeriod.MONTH.end(at)).isEqualTo(d.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            assertThat(BudgetPeriod.MONTH.id(at)).isEqualTo(d.format(DateTimeFormatter.ofPattern("yyyyMM")));
        }
        Instant lastMilli = Instant.parse("2026-02-28T23:59:59.999Z");
        assertThat(BudgetPeriod.DAY.id(lastMilli)).isEqualTo("20260228");
        assertThat(BudgetPeriod.DAY.id(lastMilli.plusMillis(1))).isEqualTo("20260301");
        assertThat(BudgetPeriod.MONTH.id(lastMilli.plusMillis(1))).isEqualTo("202603");
        assertThat(BudgetPeriod.MONTH.id(lastMilli)).isEqualTo("202602");
    }
}
