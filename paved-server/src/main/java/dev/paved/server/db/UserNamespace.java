package dev.paved.server.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL refuses to run as root. When this JVM runs as root (containers, CI), PostgreSQL commands are
 * started through {@code unshare --user}: in the fresh user namespace the process sees itself as the
 * overflow uid (65534), so PostgreSQL's root check passes, while the kernel still checks file access as
 * the real owner, so the data files stay owned by root and nothing needs a chown.
 */
public final class UserNamespace {
    private static final boolean ROOT = effectiveUid() == 0;

    private UserNamespace() {
    }

    public static boolean runningAsRoot() {
        return ROOT;
    }

    /** {@code command}, prefixed with {@code unshare --user} when running as root. */
    public static List<String> wrap(List<String> command) {
        if (!ROOT) {
            return List.copyOf(command);
        }
        List<String> wrapped = new ArrayList<>(command.size() + 2);
        wrapped.add("unshare");
        wrapped.add("--user");
        wrapped.addAll(command);
        return List.copyOf(wrapped);
    }

    /** An explanation to append to a failure whose output shows that {@code unshare} itself failed. */
    static String hint(String output) {
        if (ROOT && output.contains("unshare")) {
            return "\nPaved runs PostgreSQL through 'unshare --user' because it runs as root; this environment "
                    + "does not allow user namespaces. Run Paved as a non-root user or set PAVED_DATABASE_URL.";
        }
        return "";
    }

    /** The effective uid from {@code /proc/self/status}, or -1 where that file does not exist. */
    static long effectiveUid() {
        Path status = Path.of("/proc/self/status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Uid:")) {
                    String[] fields = line.substring(4).trim().split("\\s+");
                    return Long.parseLong(fields[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
