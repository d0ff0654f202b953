package dev.paved.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledPostgresTest {

    @Test
    void extractsOnceIntoAVersionedDirectoryKeepingModesAndLinks(@TempDir Path runtime) throws Exception {
        Path bin = BundledPostgres.binDir(runtime);
        assertThat(bin).isEqualTo(runtime.resolve("postgres-17.6.0/bin"));
        assertThat(Files.isExecutable(bin.resolve("postgres"))).isTrue();
        assertThat(Files.isExecutable(bin.resolve("initdb"))).isTrue();
        Path libpq = bin.resolveSibling("lib/libpq.so");
        assertThat(Files.isSymbolicLink(libpq)).isTrue();
        assertThat(Files.readSymbolicLink(libpq).toString()).isEqualTo("libpq.so.5.17");
        assertThat(Files.exists(libpq)).as("link target extracted").isTrue();
        try (Stream<Path> entries = Files.list(runtime)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("postgres-17.6.0");
        }

        FileTime extractedAt = Files.getLastModifiedTime(bin.resolve("postgres"));
        Files.setLastModifiedTime(bin.resolve("postgres"), FileTime.fromMillis(extractedAt.toMillis() - 60_000));
        FileTime marked = Files.getLastModifiedTime(bin.resolve("postgres"));
        assertThat(BundledPostgres.binDir(runtime)).isEqualTo(bin);
        assertThat(Files.getLastModifiedTime(bin.resolve("postgres"))).as("not extracted again").isEqualTo(marked);
    }
}
