package dev.paved.server.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code postmaster.pid} lock file a PostgreSQL server leaves in its cluster directory. Called while this
 * process holds the data directory lock, so no other Paved instance owns the cluster: a file left behind
 * is either stale (its pid is gone or belongs to an unrelated process after pid reuse) and is removed, or
 * names a server orphaned by a crashed Paved, which is shut down so that a fresh one can start.
 */
final class PostmasterPidFile {
    private static final Logger LOG = LoggerFactory.getLogger(PostmasterPidFile.class);
    private static final Duration FAST_WAIT = Duration.ofSeconds(60);
    private static final Duration FORCE_WAIT = Duration.ofSeconds(10);

    private final Path cluster;
    private final Path file;

    PostmasterPidFile(Path cluster) {
        this.cluster = cluster;
        this.file = cluster.resolve("postmaster.pid");
    }

    /**
     * Removes a stale file or stops the orphaned server it names.
     *
     * @param signal sends a named signal (INT, QUIT, KILL) to a pid
     */
    void clearStale(BiConsumer<Long, String> signal) throws IOException {
        Optional<Long> pid = pid();
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (handle.isPresent() && servesThisCluster(pid.get())) {
            LOG.warn("PostgreSQL pid {} is still running on {} without its Paved process (crash?); shutting it down",
                    pid.get(), cluster);
            stopOrphan(handle.get(), signal);
        }
        if (Files.deleteIfExists(file)) {
            LOG.info("Removed stale {} (pid {} is not a running server for this cluster)", file, pid.get());
        }
    }

    /**
     * Whether the server with process id {@code pid} wrote this file and reported itself ready to accept
     * connections (the status line PostgreSQL 10 and later maintain). Looking here before connecting keeps
     * a readiness probe from talking to some other program that holds the port.
     */
    boolean readyFor(long pid) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.size() >= 8 && lines.getFirst().strip().equals(Long.toString(pid))
                    && lines.get(7).strip().equals("ready");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private Optional<Long> pid() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        try {
            return Optional.of(Long.parseLong(lines.getFirst().strip()));
        } catch (RuntimeException e) {
            LOG.info("Removing unreadable {}", file);
            Files.deleteIfExists(file);
            return Optional.empty();
        }
    }

    /** Whether {@code pid} is a postgres process whose command line names this cluster directory. */
    private boolean servesThisCluster(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> args = Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
            return !args.isEmpty() && args.getFirst().endsWith("postgres") && args.contains(cluster.toString());
        } catch (IOException e) {
            return false;
        }
    }

    private void stopOrphan(ProcessHandle orphan, BiConsumer<Long, String> signal) {
        long pid = orphan.pid();
        signal.accept(pid, "INT");
        if (!awaitExit(orphan, FAST_WAIT)) {
            signal.accept(pid, "QUIT");
            if (!awaitExit(orphan, FORCE_WAIT)) {
                orphan.destroyForcibly();
                if (!awaitExit(orphan, FORCE_WAIT)) {
                    throw new IllegalStateException("orphaned PostgreSQL pid " + pid + " on " + cluster + " does not exit");
                }
            }
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }
}
