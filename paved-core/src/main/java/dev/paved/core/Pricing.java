package dev.paved.core;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Prices of one model in US dollars per one million tokens. A missing cached or cache-write price
 * falls back to the input price.
 */
public record Pricing(BigDecimal inputPerMillion, BigDecimal outputPerMillion,
                      BigDecimal cachedInputPerMillion, BigDecimal cacheWritePerMillion) {
    public static final Pricing FREE = new Pricing(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public Pricing {
        inputPerMillion = nonNegative(inputPerMillion, "input");
        outputPerMillion = nonNegative(outputPerMillion, "output");
        cachedInputPerMillion = cachedInputPerMillion == null ? inputPerMillion : nonNegative(cachedInputPerMillion, "cached");
        cacheWritePerMillion = cacheWritePerMillion == null ? inputPerMillion : nonNegative(cacheWritePerMillion, "cache_write");
    }

    private static BigDecimal nonNegative(BigDecimal v, String name) {
        if (v == null) {
            throw new IllegalArgumentException(name + " price is required");
        }
        if (v.signum() < 0) {
            throw new IllegalArgumentException(name + " price must not be negative");
        }
        return v;
    }

    /** Cost in US dollars, exact to 10 decimal places. */
    public BigDecimal cost(Usage u) {
        BigDecimal micro = inputPerMillion.multiply(BigDecimal.valueOf(u.inputTokens()))
                .add(outputPerMillion.multiply(BigDecimal.valueOf(u.outputTokens())))
                .add(cachedInputPerMillion.multiply(BigDecimal.valueOf(u.cachedInputTokens())))
                .add(cacheWritePerMillion.multiply(BigDecimal.valueOf(u.cacheWriteTokens())));
        return micro.divide(MILLION, MathContext.DECIMAL128).setScale(10, RoundingMode.HALF_EVEN);
    }
}
