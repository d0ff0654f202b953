package dev.paved.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run as a child process: the binaries bundled with Paved (or any other {@code bin}
 * directory), a cluster in {@code <dataDir>/postgres} initialised on first start, listening on 127.0.0.1
 * only (plus a Unix socket inside the cluster directory), password authentication (SCRAM) with a generated
 * superuser password kept in {@code <dataDir>/secrets} (mode 0600).
 *
 * <p>{@link #stop()} shuts the server down (fast shutdown) and keeps everything for a later {@link #start()}
 * on the same port; {@link #close()} also closes the registered dependents first and releases the data
 * directory. A JVM shutdown hook does the same as {@code close()} if the process exits without it.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    public static final String SUPERUSER = "postgres";
    public static final String HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final Pattern VERSION = Pattern.compile("\\)\\s*(\\d+)");
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int MAX_UNIX_SOCKET_PATH = 100;
    private static final Duration FAST_SHUTDOWN_WAIT = Duration.ofSeconds(60);
    private static final Duration IMMEDIATE_SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final EmbeddedPostgresConfig config;
    private final ServerLog log;
    private final Object lifecycle = new Object();
    private final Deque<AutoCloseable> dependents = new ArrayDeque<>();
    private Path binDir;
    private int majorVersion;
    private String superuserPassword;
    private FileChannel lockChannel;
    private FileLock lock;
    private Process process;
    private int port;
    private Thread shutdownHook;
    private boolean closed;

    public EmbeddedPostgres(EmbeddedPostgresConfig config) {
        this.config = config;
        this.log = new ServerLog(config.dataDir().resolve("postgres.log"));
        this.port = config.port();
    }

    /** Creates and starts a server; closes it again if the start fails. */
    public static EmbeddedPostgres start(EmbeddedPostgresConfig config) {
        EmbeddedPostgres pg = new EmbeddedPostgres(config);
        try {
            return pg.start();
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** Starts the server and waits until it accepts connections. Does nothing when it is already running. */
    public EmbeddedPostgres start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("this EmbeddedPostgres is closed");
            }
            if (process != null && process.isAlive()) {
                return this;
            }
            long started = System.nanoTime();
            try {
                Files.createDirectories(config.dataDir());
                lockDataDir();
                resolveBinaries();
                new ClusterInit(config, binDir, majorVersion).ensure(superuserSecretFile());
                superuserPassword = SecretFile.readOrCreate(superuserSecretFile());
                new PostmasterPidFile(config.clusterDir()).clearStale(this::signal);
                launch();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start PostgreSQL in " + config.clusterDir(), e);
            }
            if (shutdownHook == null) {
                shutdownHook = new Thread(this::closeFromShutdownHook, "paved-postgres-shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            LOG.info("PostgreSQL {} ready on {}:{} (pid {}) in {} ms", majorVersion, HOST, port, process.pid(),
                    (System.nanoTime() - started) / 1_000_000);
            return this;
        }
    }

    /**
     * Stops the server: fast shutdown (SIGINT: open transactions are rolled back, connections closed),
     * then immediate shutdown and finally SIGKILL if it does not exit in time. A later {@link #start()}
     * reuses the same port.
     */
    public void stop() {
        synchronized (lifecycle) {
            Process p = process;
            process = null;
            if (p == null || !p.isAlive()) {
                return;
            }
            try {
                signal(p.pid(), "INT");
                if (!p.waitFor(FAST_SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("PostgreSQL (pid {}) did not finish a fast shutdown in {}; forcing", p.pid(), FAST_SHUTDOWN_WAIT);
                    signal(p.pid(), "QUIT");
                    if (!p.waitFor(IMMEDIATE_SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        p.destroyForcibly().waitFor(IMMEDIATE_SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            LOG.info("PostgreSQL on port {} stopped", port);
        }
    }

    /** Closes the dependents (newest first), stops the server and releases the data directory. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            closeDependents();
            stop();
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // Already shutting down: the hook is running or has run.
                }
            }
            releaseLock();
        }
    }

    /**
     * Registers something that uses this server (a connection pool, a ledger writer) to be closed before the
     * server stops, on {@link #close()} and in the JVM shutdown hook, newest first. JVM shutdown hooks run in
     * no particular order, so this is how a final flush gets to reach the database.
     */
    public void addDependent(AutoCloseable dependent) {
        synchronized (dependents) {
            dependents.push(dependent);
        }
    }

    /** Undoes {@link #addDependent} for something that was closed on its own. */
    public void removeDependent(AutoCloseable dependent) {
        synchronized (dependents) {
            dependents.remove(dependent);
        }
    }

    public boolean isRunning() {
        synchronized (lifecycle) {
            return process != null && process.isAlive();
        }
    }

    /** The TCP port; 0 until the first start when a free port is to be picked. */
    public int port() {
        synchronized (lifecycle) {
            return port;
        }
    }

    /** Process id of the postmaster, or -1 when not running. */
    public long pid() {
        synchronized (lifecycle) {
            return process != null && process.isAlive() ? process.pid() : -1;
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
    }

    public String superuser() {
        return SUPERUSER;
    }

    public String superuserPassword() {
        synchronized (lifecycle) {
            if (superuserPassword == null) {
                throw new IllegalStateException("PostgreSQL has not been started yet");
            }
            return superuserPassword;
        }
    }

    public EmbeddedPostgresConfig config() {
        return config;
    }

    public Path clusterDir() {
        return config.clusterDir();
    }

    public Path binDir() {
        synchronized (lifecycle) {
            return binDir;
        }
    }

    /** Major version of the binaries, e.g. 17; 0 before the first start. */
    public int majorVersion() {
        synchronized (lifecycle) {
            return majorVersion;
        }
    }

    public Path logFile() {
        return log.file();
    }

    /**
     * A generated password kept in {@code <dataDir>/secrets/<name>} (0600), created on first use. Roles the
     * application creates in this cluster keep their password there across restarts.
     */
    public String secret(String name) {
        if (!DATABASE_NAME.matcher(name.replace('-', '_')).matches()) {
            throw new IllegalArgumentException("invalid secret name: " + name);
        }
        return SecretFile.readOrCreate(config.dataDir().resolve("secrets").resolve(name));
    }

    /** Opens a superuser connection to {@code database}. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("password", superuserPassword());
        props.setProperty("connectTimeout", "5");
        props.setProperty("ApplicationName", "paved-embedded-admin");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Creates {@code name} (lower-case letters, digits, underscores) unless it exists. */
    public void createDatabaseIfMissing(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        try (Connection c = connect("postgres")) {
            try (PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("create database \"" + name + "\" encoding 'UTF8' template template0");
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created concurrently
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    private void lockDataDir() throws IOException {
        if (lock != null) {
            return;
        }
        Path lockFile = config.dataDir().resolve("postgres.lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock acquired;
        try {
            acquired = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            acquired = null;
        }
        if (acquired == null) {
            channel.close();
            throw new IllegalStateException("data directory " + config.dataDir()
                    + " is in use by another Paved process (lock " + lockFile + " is held)");
        }
        lockChannel = channel;
        lock = acquired;
    }

    private void releaseLock() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.warn("could not release data directory lock", e);
        } finally {
            lock = null;
            lockChannel = null;
        }
    }

    private void resolveBinaries() throws IOException {
        if (binDir != null) {
            return;
        }
        Path dir = config.binDir() != null ? config.binDir() : BundledPostgres.binDir(config.runtimeDir());
        for (String tool : List.of("initdb", "postgres")) {
            if (!Files.isExecutable(dir.resolve(tool))) {
                throw new IllegalStateException("no executable " + tool + " in PostgreSQL bin directory " + dir);
            }
        }
        ProcessResult version = ProcessResult.run(List.of(dir.resolve("postgres").toString(), "--version"));
        Matcher m = VERSION.matcher(version.output());
        if (version.exitCode() != 0 || !m.find()) {
            throw new IllegalStateException("could not determine the PostgreSQL version of " + dir + ": " + version.output());
        }
        majorVersion = Integer.parseInt(m.group(1));
        binDir = dir;
    }

    private void launch() throws IOException {
        boolean pickPort = port == 0;
        int attempts = pickPort ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            int candidate = pickPort ? freePort() : port;
            log.rotateIfLarge();
            long logOffset = log.size();
            ProcessBuilder pb = new ProcessBuilder(serverCommand(candidate))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
            Process p = pb.start();
            try {
                awaitReady(p, candidate, logOffset);
                process = p;
                port = candidate;
                return;
            } catch (StartFailure failure) {
                if (p.isAlive()) {
                    p.destroyForcibly();
                    try {
                        p.waitFor(IMMEDIATE_SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (failure.portTaken() && attempt < attempts) {
                    LOG.info("port {} was taken before PostgreSQL could bind it; trying another", candidate);
                    continue;
                }
                throw new IllegalStateException(failure.getMessage());
            }
        }
    }

    private List<String> serverCommand(int serverPort) {
        Path cluster = config.clusterDir();
        String socketDir = cluster.toString().length() + 20 <= MAX_UNIX_SOCKET_PATH ? cluster.toString() : "";
        List<String> cmd = new ArrayList<>(List.of(binDir.resolve("postgres").toString(),
                "-D", cluster.toString(), "-p", Integer.toString(serverPort), "-h", HOST, "-k", socketDir,
                "-c", "unix_socket_permissions=0700", "-c", "password_encryption=scram-sha-256"));
        if (!config.durable()) {
            for (String s : List.of("fsync=off", "synchronous_commit=off", "full_page_writes=off")) {
                cmd.add("-c");
                cmd.add(s);
            }
        }
        for (Map.Entry<String, String> e : config.settings().entrySet()) {
            cmd.add("-c");
            cmd.add(e.getKey() + "=" + e.getValue());
        }
        List<String> wrapped = new ArrayList<>(UserNamespace.wrap(cmd));
        // A session of its own, so a Ctrl-C sent to the terminal's process group reaches the JVM only and the
        // server stays up until Paved has flushed what it still holds.
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            wrapped.addFirst(setsid.toString());
        }
        return wrapped;
    }

    private void awaitReady(Process p, int serverPort, long logOffset) throws StartFailure {
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        String url = "jdbc:postgresql://" + HOST + ":" + serverPort + "/postgres";
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("password", superuserPassword);
        props.setProperty("connectTimeout", "2");
        props.setProperty("socketTimeout", "5");
        PostmasterPidFile pidFile = new PostmasterPidFile(config.clusterDir());
        SQLException last = null;
        while (true) {
            if (!p.isAlive()) {
                String tail = log.tail(logOffset);
                boolean taken = tail.contains("could not bind") || tail.contains("Address already in use");
                throw new StartFailure("PostgreSQL exited with code " + p.exitValue() + " during startup on port "
                        + serverPort + ". Server log (" + logFile() + "):\n" + tail + UserNamespace.hint(tail), taken);
            }
            if (pidFile.readyFor(p.pid())) {
                try (Connection c = DriverManager.getConnection(url, props)) {
                    if (c.isValid(5)) {
                        return;
                    }
                } catch (SQLException e) {
                    last = e;
                    if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
                        throw new StartFailure("PostgreSQL rejected the superuser credentials from "
                                + superuserSecretFile() + ": " + e.getMessage()
                                + ". The secrets directory does not belong to this cluster.", false);
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new StartFailure("PostgreSQL did not accept connections on port " + serverPort + " within "
                        + config.startTimeout() + " (" + (last == null ? "it never reported ready" : "last error: "
                        + last.getMessage()) + "). Server log ("
                        + logFile() + "):\n" + log.tail(logOffset), false);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartFailure("interrupted while waiting for PostgreSQL to start", false);
            }
        }
    }

    private Path superuserSecretFile() {
        return config.dataDir().resolve("secrets").resolve("postgres-superuser");
    }

    private void closeDependents() {
        while (true) {
            AutoCloseable next;
            synchronized (dependents) {
                next = dependents.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("closing {} before stopping PostgreSQL failed", next, e);
            }
        }
    }

    private void closeFromShutdownHook() {
        closeDependents();
        stop();
    }

    /** Sends a signal by name (INT, QUIT, TERM) to a process. */
    private void signal(long pid, String name) {
        try {
            ProcessResult r = ProcessResult.run(List.of("kill", "-s", name, Long.toString(pid)));
            if (r.exitCode() != 0) {
                LOG.debug("kill -s {} {} exited with {}: {}", name, pid, r.exitCode(), r.output());
            }
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    private static final class StartFailure extends Exception {
        private final boolean portTaken;

        StartFailure(String message, boolean portTaken) {
            super(message, null, false, false);
            this.portTaken = portTaken;
        }

        boolean portTaken() {
            return portTaken;
        }
    }
}
