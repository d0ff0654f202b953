package dev.paved.server.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** The file a PostgreSQL server's output is appended to; rotated at start once it is large. */
record ServerLog(Path file) {
    private static final long ROTATE_BYTES = 10L << 20;
    private static final int TAIL_BYTES = 16_384;
    private static final int TAIL_LINES = 30;

    long size() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /** Moves the log to {@code <name>.1} (replacing an older one) when it is over 10 MiB. */
    void rotateIfLarge() throws IOException {
        if (size() > ROTATE_BYTES) {
            Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The last lines written after {@code fromOffset}, for error messages. */
    String tail(long fromOffset) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long from = Math.max(fromOffset, size - TAIL_BYTES);
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, size - from));
            ch.read(buf, from);
            return ProcessResult.tail(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8), TAIL_LINES);
        } catch (IOException e) {
            return "(server log unreadable: " + e.getMessage() + ")";
        }
    }
}
