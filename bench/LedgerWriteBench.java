import dev.paved.core.Ids;
import dev.paved.core.Usage;
import dev.paved.gateway.ledger.LedgerEntry;
import dev.paved.server.db.Database;
import dev.paved.server.db.EmbeddedPostgres;
import dev.paved.server.db.EmbeddedPostgresConfig;
import dev.paved.server.store.PostgresLedgerSink;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What writing the cost ledger costs: the gateway's {@link PostgresLedgerSink} against the embedded PostgreSQL
 * that {@code paved serve} starts (durable: fsync and full-page writes on), fed at a steady rate the way the
 * gateway feeds it under load. Reports CPU per row for the writer thread (JVM side) and for the PostgreSQL
 * process tree, in rounds, on a ledger that grows through the run.
 *
 * <pre>bench/ledger-write.sh [ROWS_PER_ROUND=200000] [ROUNDS=3] [RATE_PER_S=14000]</pre>
 */
public final class LedgerWriteBench {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 14_000;
        Path dir = Files.createTempDirectory("paved-ledger-bench");
        long ticks = clockTicks();
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(EmbeddedPostgresConfig.of(dir).withDurable(true));
             Database db = Database.embedded(pg);
             PostgresLedgerSink sink = new PostgresLedgerSink(db)) {
            Thread writer = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("paved-ledger-writer")).findFirst().orElseThrow();
            var threads = ManagementFactory.getThreadMXBean();
            System.out.printf("| round | rows | rows/s offered | writer CPU µs/row | PostgreSQL CPU µs/row | ledger rows after |%n");
            System.out.printf("|---|---|---|---|---|---|%n");
            long total = 0;
            for (int round = 1; round <= rounds; round++) {
                long pg0 = postgresTicks();
                long w0 = threads.getThreadCpuTime(writer.threadId());
                long start = System.nanoTime();
                long intervalNanos = 1_000_000_000L / rate;
                for (int i = 0; i < rows; i++) {
                    long due = start + i * intervalNanos;
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                        if (due - System.nanoTime() > 200_000) {
                            Thread.sleep(0, 100_000);
                        }
                    }
                    sink.record(entry(i));
                }
                if (!sink.flush(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("ledger did not drain");
                }
                long w1 = threads.getThreadCpuTime(writer.threadId());
                long pg1 = postgresTicks();
                total += rows;
                System.out.printf(Locale.ROOT, "| %d | %,d | %,d | %.1f | %.1f | %,d |%n", round, rows, rate,
                        (w1 - w0) / 1000.0 / rows, (pg1 - pg0) * 1e6 / ticks / rows, total);
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A row like the gateway's for a small non-stream chat call, with the request id the gateway would give it. */
    private static LedgerEntry entry(int i) {
        return new LedgerEntry(Instant.now(), requestId(), Ids.traceId(), "tn_bench", "key_bench", "bench",
                "openai.chat", "fake-gpt", "fake", "fake-gpt", false, new Usage(12, 7, 0, 0), "provider",
                new BigDecimal("0.0000060000"), 1, -1, 200, null, 1, List.of(), null, 0, BigDecimal.ZERO, null);
    }

    private static final java.lang.invoke.MethodHandle REQUEST_ID = requestIds();

    /** {@code Ids.requestId()}; builds from before it existed (compared against) gave random {@code req_} ids. */
    private static java.lang.invoke.MethodHandle requestIds() {
        var lookup = java.lang.invoke.MethodHandles.publicLookup();
        try {
            return lookup.findStatic(Ids.class, "requestId", java.lang.invoke.MethodType.methodType(String.class));
        } catch (ReflectiveOperationException e) {
            try {
                return java.lang.invoke.MethodHandles.insertArguments(lookup.findStatic(Ids.class, "prefixed",
                        java.lang.invoke.MethodType.methodType(String.class, String.class)), 0, "req");
            } catch (ReflectiveOperationException again) {
                throw new IllegalStateException(again);
            }
        }
    }

    private static String requestId() {
        try {
            return (String) REQUEST_ID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** utime + stime of the JVM's descendants (PostgreSQL), plus what the postmaster reaped from exited backends. */
    private static long postgresTicks() {
        return ProcessHandle.current().descendants().mapToLong(p -> {
            try {
                String[] f = Files.readString(Path.of("/proc/" + p.pid() + "/stat")).replaceFirst(".*\\) ", "").split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }).sum();
    }

    private static long clockTicks() throws Exception {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
        return Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
    }
}
