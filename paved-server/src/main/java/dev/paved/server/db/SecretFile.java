package dev.paved.server.db;

import dev.paved.core.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A generated password kept in a file readable only by its owner (mode 0600). Created atomically, so
 * concurrent callers agree on one value.
 */
public final class SecretFile {
    private static final int LENGTH = 32;

    private SecretFile() {
    }

    /** Reads the secret at {@code file}, generating and storing a new one when the file does not exist. */
    public static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            if (!Files.isDirectory(file.getParent())) {
                Files.createDirectories(file.getParent(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, Ids.secret(LENGTH) + "\n", StandardCharsets.UTF_8);
                Files.createLink(file, temp); // fails instead of replacing when the file appeared meanwhile
            } catch (FileAlreadyExistsException e) {
                // Lost a race with another creator: its value wins.
            } finally {
                Files.deleteIfExists(temp);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create secret file " + file, e);
        }
    }

    private static String read(Path file) throws IOException {
        String value = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) {
            throw new IOException("secret file " + file + " is empty");
        }
        return value;
    }
}
