package dev.paved.gateway.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Dollar amounts as whole ticks of 10^-10 dollars, the ledger's own precision, so budget counters stay
 * exact integers in every store.
 */
public final class Usd {
    public static final int SCALE = 10;

    private Usd() {
    }

    /** Rounded up below the ledger's precision: a budget never under-counts. */
    public static long toTicks(BigDecimal usd) {
        return usd.movePointRight(SCALE).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    public static BigDecimal fromTicks(long ticks) {
        return BigDecimal.valueOf(ticks, SCALE).stripTrailingZeros();
    }
}
