package dev.paved.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of PostgreSQL that, once {@link #arm armed}, lets the next {@code COMMIT} through to the
 * server, swallows the server's answer, and cuts that connection after the server has had time to commit: the
 * client sees a broken connection for a transaction that did commit (a lost acknowledgement).
 */
final class CutAfterCommitProxy implements AutoCloseable {
    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger cuts = new AtomicInteger();

    CutAfterCommitProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    void arm() {
        armed.set(true);
    }

    /** Connections cut after a commit so far. */
    int cuts() {
        return cuts.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                AtomicBoolean swallow = new AtomicBoolean();
                Thread.ofVirtual().start(() -> toServer(client, upstream, swallow));
                Thread.ofVirtual().start(() -> toClient(upstream, client, swallow));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void toServer(Socket client, Socket upstream, AtomicBoolean swallow) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                boolean cut = contains(buf, n, COMMIT) && armed.compareAndSet(true, false);
                if (cut) {
                    swallow.set(true);
                }
                out.write(buf, 0, n);
                out.flush();
                if (cut) {
                    Thread.sleep(500);
                    cuts.incrementAndGet();
                    client.close();
                    upstream.close();
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private static void toClient(Socket upstream, Socket client, AtomicBoolean swallow) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                if (!swallow.get()) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private static boolean contains(byte[] buf, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already closed by the other direction.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
