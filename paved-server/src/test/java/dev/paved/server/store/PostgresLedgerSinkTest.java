package dev.paved.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paved.core.Usage;
import dev.paved.gateway.ledger.LedgerEntry;
import dev.paved.server.db.Database;
import dev.paved.server.db.EmbeddedPostgres;
import dev.paved.server.db.TestPostgres;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresLedgerSinkTest {

    @Test
    void concurrentRecordsAreAllWrittenExactlyOnce() throws Exception {
        try (Database db = TestPostgres.newDatabase(); PostgresLedgerSink sink = new PostgresLedgerSink(db)) {
            int threads = 16;
            int total = 1_000;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = thread; i < total; i += threads) {
                        sink.record(entry(i % 2 == 0 ? "tn_even" : "tn_odd", "req_" + i, i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertThat(sink.flush(Duration.ofSeconds(30))).isTrue();

            Totals totals = totals(db);
            assertThat(totals.rows()).isEqualTo(total);
            assertThat(totals.distinctRequests()).isEqualTo(total);
            assertThat(totals.inputTokens()).isEqualTo((long) total * (total - 1) / 2);
            assertThat(totals.outputTokens()).isEqualTo(2L * total * (total - 1) / 2);
            assertThat(totals.cost()).isEqualByComparingTo(new BigDecimal("0.0000001").multiply(BigDecimal.valueOf((long) total * (total - 1) / 2)));
            LedgerSinkStats stats = sink.stats();
            assertThat(List.of(stats.written(), stats.pending(), stats.failedBatches(), stats.rejected())).containsExactly((long) total, 0L, 0L, 0L);
            assertThat(stats.batches()).isBetween(1L, (long) total);
            assertThat(db.<Long>inTenantScope("tn_even", c -> count(c, "select count(*) from ledger"))).isEqualTo(total / 2);
        }
    }

    @Test
    void keepsEntriesWhileTheDatabaseIsDownAndWritesThemAfterwards(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(TestPostgres.config(dir));
             Database db = Database.embedded(pg);
             PostgresLedgerSink sink = new PostgresLedgerSink(db)) {
            for (int i = 0; i < 100; i++) {
                sink.record(entry("tn_a", "before_" + i, 1));
            }
            assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

            pg.stop();
            long started = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                sink.record(entry("tn_a", "during_" + i, 1));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("record() never waits").isLessThan(Duration.ofSeconds(1));
            assertThat(sink.flush(Duration.ofMillis(500))).isFalse();
            awaitFailedBatch(sink);
            assertThat(sink.stats().pending()).isEqualTo(200);
            assertThat(sink.stats().written()).isEqualTo(100);

            pg.start();
            assertThat(sink.flush(Duration.ofSeconds(60))).isTrue();
            assertThat(totals(db).rows()).isEqualTo(300);
            assertThat(totals(db).distinctRequests()).isEqualTo(300);
            assertThat(sink.stats().pending()).isZero();
        }
    }

    @Test
    void aRowTheDatabaseRejectsDoesNotHoldUpTheRest() throws Exception {
        try (Database db = TestPostgres.newDatabase(); PostgresLedgerSink sink = new PostgresLedgerSink(db)) {
            for (int i = 0; i < 10; i++) {
                sink.record(entry("tn_a", "good_" + i, 1));
            }
            LedgerEntry tooExpensive = new LedgerEntry(Instant.now(), "bad", null, "tn_a", null, null, "openai.chat",
                    "fast", "openai", "gpt", false, Usage.of(1, 1), "provider", new BigDecimal("1e12"), 5, -1, 200, null, 1, List.of());
            sink.record(tooExpensive);
            for (int i = 0; i < 10; i++) {
                sink.record(entry("tn_a", "after_" + i, 1));
            }
            assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(totals(db).rows()).isEqualTo(20);
            assertThat(sink.stats().rejected()).isEqualTo(1);
            assertThat(sink.stats().written()).isEqualTo(20);
        }
    }

    @Test
    void closeWritesWhatIsQueuedAndThenRefusesNewEntries() throws Exception {
        try (Database db = TestPostgres.newDatabase()) {
            PostgresLedgerSink sink = new PostgresLedgerSink(db, Duration.ofSeconds(5), Duration.ofSeconds(10));
            for (int i = 0; i < 50; i++) {
                sink.record(entry("tn_a", "r" + i, 3));
            }
            sink.close();
            assertThat(totals(db).rows()).isEqualTo(50);
            assertThatThrownBy(() -> sink.record(entry("tn_a", "late", 1))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closingTheServerFlushesItsRegisteredSinkBeforeStopping(@TempDir Path dir) {
        EmbeddedPostgres pg = EmbeddedPostgres.start(TestPostgres.config(dir));
        Database db = Database.embedded(pg);
        PostgresLedgerSink sink = new PostgresLedgerSink(db, Duration.ofSeconds(30), Duration.ofSeconds(10));
        pg.addDependent(sink);
        for (int i = 0; i < 25; i++) {
            sink.record(entry("tn_a", "last_" + i, 1));
        }
        pg.close();
        assertThat(pg.isRunning()).isFalse();
        assertThatThrownBy(() -> db.dataSource().getConnection()).as("pool closed too").isInstanceOf(java.sql.SQLException.class);
        try (EmbeddedPostgres again = EmbeddedPostgres.start(TestPostgres.config(dir)); Database reopened = Database.embedded(again)) {
            assertThat(totals(reopened).rows()).isEqualTo(25);
        }
    }

    @Test
    void underSteadyLoadACommitCarriesALingersWorthOfEntries() throws Exception {
        Duration linger = Duration.ofMillis(100);
        int total = 3_000;
        try (Database db = TestPostgres.newDatabase();
             PostgresLedgerSink sink = new PostgresLedgerSink(db, linger, Duration.ofSeconds(10))) {
            long started = System.nanoTime();
            for (int i = 0; i < total; i++) {
                sink.record(entry("tn_a", "steady_" + i, 1));
                if (i % 5 == 4) {
                    Thread.sleep(1);
                }
            }
            long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(sink.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(totals(db).rows()).isEqualTo(total);
            // A batch starts at most once per linger, or when a full batch is waiting, plus the one flush() asks for.
            long mostBatches = elapsedMillis / linger.toMillis() + 1 + total / PostgresLedgerSink.MAX_BATCH + 1;
            assertThat(sink.stats().batches()).as("batches over %d ms", elapsedMillis).isBetween(1L, mostBatches);
        }
    }

    @Test
    void aBatchWhoseCommitWasNotAcknowledgedIsRetriedWithoutWritingAnyRowTwice() throws Exception {
        EmbeddedPostgres pg = TestPostgres.shared();
        String name = TestPostgres.newDatabaseName();
        pg.createDatabaseIfMissing(name);
        try (CutAfterCommitProxy proxy = new CutAfterCommitProxy(pg.port());
             Database db = Database.external("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + name + "?user="
                     + pg.superuser() + "&password=" + java.net.URLEncoder.encode(pg.superuserPassword(), java.nio.charset.StandardCharsets.UTF_8), 2);
             PostgresLedgerSink sink = new PostgresLedgerSink(db, Duration.ofMillis(50), Duration.ofSeconds(10))) {
            proxy.arm();
            for (int i = 0; i < 40; i++) {
                sink.record(entry("tn_a", "acked_late_" + i, 1));
            }
            assertThat(sink.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(proxy.cuts()).as("one commit lost its acknowledgement").isEqualTo(1);
            assertThat(sink.stats().failedBatches()).isEqualTo(1);
            assertThat(sink.stats().rejected()).isZero();
            assertThat(sink.stats().written()).isEqualTo(40);
            assertThat(totals(db).rows()).isEqualTo(40);
            assertThat(totals(db).distinctRequests()).isEqualTo(40);
        }
    }

    @Test
    void storesEveryField() throws Exception {
        try (Database db = TestPostgres.newDatabase(); PostgresLedgerSink sink = new PostgresLedgerSink(db)) {
            Instant at = Instant.parse("2025-01-02T03:04:05.123456Z");
            sink.record(new LedgerEntry(at, "req_1", "0af7651916cd43dd8448eb211c80319c", "tn_f", "key_1", "search",
                    "anthropic.messages", "smart", "anthropic", "claude-x", true, new Usage(11, 22, 33, 44), "estimated",
                    new BigDecimal("0.0123456789"), 1234, 56, 502, "upstream_error", 3, List.of("retry:anthropic/claude-x:503", "fallback:b/claude-y")));
            sink.record(new LedgerEntry(at, "req_2", null, "tn_f", null, null, "openai.embeddings", null, null, null,
                    false, null, null, null, 7, -1, 400, "invalid_request", 0, null));
            assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
            List<String> rows = db.inSystemScope(c -> {
                List<String> out = new ArrayList<>();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select concat_ws('|', "
                        + "to_char(at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), request_id, trace_id, tenant_id, "
                        + "key_id, feature_id, api, alias, provider, model, stream, input_tokens, output_tokens, cached_tokens, "
                        + "cache_write_tokens, cost, usage_source, latency_ms, coalesce(ttft_ms::text, 'null'), status, "
                        + "error_code, attempts, array_to_string(decisions, ',')) from ledger order by request_id")) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            });
            assertThat(rows).containsExactly(
                    "2025-01-02T03:04:05.123456|req_1|0af7651916cd43dd8448eb211c80319c|tn_f|key_1|search|anthropic.messages"
                            + "|smart|anthropic|claude-x|t|11|22|33|44|0.0123456789|estimated|1234|56|502|upstream_error|3|retry:anthropic/claude-x:503,fallback:b/claude-y",
                    "2025-01-02T03:04:05.123456|req_2|tn_f|openai.embeddings|f|0|0|0|0|7|null|400|invalid_request|0|");
        }
    }

    @Test
    void textWithTabsLineBreaksBackslashesAndQuotesArrivesUnchanged() throws Exception {
        String odd = "tab\there, line\nbreak\r\n, back\\slash \\N, \"quoted\", {braces}, comma, ünïcödé \uD83D\uDE00";
        List<String> decisions = java.util.Arrays.asList("retry:a\tb:503", "say \"hi\"\\", "{x,y}", "", odd, "NULL", "null", " padded ");
        try (Database db = TestPostgres.newDatabase(); PostgresLedgerSink sink = new PostgresLedgerSink(db)) {
            sink.record(new LedgerEntry(Instant.now(), "req_odd", null, "tn_o", "key\\1", odd, "openai.chat", odd, "p\tq", "m\nn",
                    false, Usage.of(1, 2), "provider", new BigDecimal("0.5"), 3, 4, 500, odd, 2, decisions));
            assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
            List<Object> row = db.inSystemScope(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "select key_id, feature_id, alias, provider, model, error_code, decisions, ttft_ms from ledger")) {
                    rs.next();
                    return List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            List.of((String[]) rs.getArray(7).getArray()), rs.getLong(8));
                }
            });
            assertThat(row).containsExactly("key\\1", odd, odd, "p\tq", "m\nn", odd, decisions, 4L);
        }
    }

    @Test
    void theWordNullIsTextAndMissingValuesAreNull() throws Exception {
        try (Database db = TestPostgres.newDatabase(); PostgresLedgerSink sink = new PostgresLedgerSink(db)) {
            sink.record(new LedgerEntry(Instant.parse("2025-06-30T23:59:59.999999Z"), "NULL", "NULL", "tn_n", "NULL", "NULL",
                    "openai.chat", "NULL", "NULL", "NULL", true, Usage.of(1, 2), "NULL", new BigDecimal("1E-10"), 3, 0, 200,
                    "NULL", 1, List.of("NULL"), "NULL", 0, BigDecimal.ZERO, "NULL"));
            sink.record(new LedgerEntry(null, null, null, null, null, null, null, null, null, null, false, null, null, null, 0, -1, 0,
                    null, 0, null, null, 0, null, null));
            assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
            List<String> rows = db.inSystemScope(c -> {
                List<String> out = new ArrayList<>();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select concat_ws('|', "
                        + "coalesce(request_id, '<null>'), coalesce(trace_id, '<null>'), coalesce(tenant_id, '<null>'), "
                        + "coalesce(key_id, '<null>'), coalesce(feature_id, '<null>'), coalesce(alias, '<null>'), "
                        + "coalesce(provider, '<null>'), coalesce(model, '<null>'), coalesce(usage_source, '<null>'), "
                        + "coalesce(cost::text, '<null>'), coalesce(ttft_ms::text, '<null>'), coalesce(error_code, '<null>'), "
                        + "coalesce(decisions[1], '<none>'), decisions is null, coalesce(cache, '<null>'), saved_cost, "
                        + "coalesce(principal_id, '<null>'), at > now() - interval '1 minute' or at = '2025-06-30T23:59:59.999999Z') "
                        + "from ledger order by stream desc")) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            });
            assertThat(rows).containsExactly(
                    "NULL|NULL|tn_n|NULL|NULL|NULL|NULL|NULL|NULL|0.0000000001|0|NULL|NULL|f|NULL|0.0000000000|NULL|t",
                    "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<none>|f|<null>|0.0000000000|<null>|t");
        }
    }

    private static LedgerEntry entry(String tenant, String requestId, long inputTokens) {
        return new LedgerEntry(Instant.now(), requestId, null, tenant, "key_x", null, "openai.chat", "fast", "openai",
                "gpt-test", false, Usage.of(inputTokens, 2 * inputTokens), "provider",
                new BigDecimal("0.0000001").multiply(BigDecimal.valueOf(inputTokens)), 12, -1, 200, null, 1, List.of());
    }

    private record Totals(long rows, long distinctRequests, long inputTokens, long outputTokens, BigDecimal cost) {
    }

    private static Totals totals(Database db) {
        return db.inSystemScope(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*), count(distinct request_id), "
                    + "coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0), coalesce(sum(cost), 0) from ledger")) {
                rs.next();
                return new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getBigDecimal(5));
            }
        });
    }

    private static long count(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitFailedBatch(PostgresLedgerSink sink) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sink.stats().failedBatches() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writer never noticed the database was down");
            }
            Thread.sleep(20);
        }
    }
}
