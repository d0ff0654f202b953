package dev.paved.gateway.resilience;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps retries as a share of traffic, so an outage cannot turn into a retry storm: every first attempt
 * deposits {@code ratio} of a retry, every retry withdraws a whole one. The budget starts full at
 * {@code minimum} (so quiet periods can still retry) and never holds more than {@code max(minimum, 100)}.
 * Resilience4j's Retry bounds attempts per call but has no budget across calls, hence this class.
 */
public final class RetryBudget {
    private static final long ONE = 1000;

    private final long depositMillis;
    private final long capMillis;
    private final AtomicLong balance;

    public RetryBudget(double ratio, int minimum) {
        if (ratio < 0 || minimum < 0) {
            throw new IllegalArgumentException("retry budget ratio and minimum must not be negative");
        }
        this.depositMillis = Math.round(ratio * ONE);
        this.capMillis = Math.max(minimum, 100) * ONE;
        this.balance = new AtomicLong(minimum * ONE);
    }

    /** A first attempt was made. */
    public void deposit() {
        balance.updateAndGet(b -> Math.min(capMillis, b + depositMillis));
    }

    /** Takes one retry from the budget; false when it is spent. */
    public boolean tryWithdraw() {
        while (true) {
            long b = balance.get();
            if (b < ONE) {
                return false;
            }
            if (balance.compareAndSet(b, b - ONE)) {
                return true;
            }
        }
    }

    /** Whole retries currently available. */
    public long available() {
        return balance.get() / ONE;
    }
}
