package dev.paved.server.redis;

import dev.paved.server.db.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One real redis-server per test JVM (the distribution's package; {@code .ci/test-servers} installs it), on
 * a free loopback port with its working directory in a temporary folder and persistence off. Started on
 * first use, stopped and removed when the JVM exits.
 */
public final class TestRedis {
    private static Process process;
    private static int port;

    private TestRedis() {
    }

    /** The redis-server binary, if installed. */
    public static Optional<Path> binary() {
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            Path p = Path.of(dir, "redis-server");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@code redis://127.0.0.1:<port>} of the shared server, started if needed. */
    public static synchronized String url() {
        if (process == null) {
            start();
        }
        return "redis://127.0.0.1:" + port;
    }

    private static void start() {
        Path bin = binary().orElseThrow(() -> new IllegalStateException(
                "redis-server is not installed; run .ci/test-servers (or apt-get install redis-server)"));
        Path dir = TestPostgres.tempDir("paved-test-redis-");
        try {
            port = freePort();
            process = new ProcessBuilder(bin.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            Process p = process;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                p.destroy();
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                TestPostgres.deleteQuietly(dir);
            }, "paved-test-redis-cleanup"));
            awaitPong();
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server: " + e.getMessage(), e);
        }
    }

    private static void awaitPong() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[7];
                int n = in.read(buf);
                if (n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                    return;
                }
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited with " + process.exitValue());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server did not answer PING within 20 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
