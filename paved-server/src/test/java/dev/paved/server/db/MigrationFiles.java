package dev.paved.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Flyway migrations on the test classpath, so that tests need no edit when a migration is added. */
final class MigrationFiles {
    private static final Pattern NAME = Pattern.compile("V([0-9_]+)__.+\\.sql");

    private MigrationFiles() {
    }

    /** Versions as Flyway prints them ({@code 2}, {@code 2.1}), ascending. */
    static List<String> versions() {
        try (Stream<Path> files = Files.list(Path.of(MigrationFiles.class.getResource("/db/migration").toURI()))) {
            return files.map(p -> NAME.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1).replace('_', '.'))
                    .sorted((a, b) -> compare(a, b))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static int count() {
        return versions().size();
    }

    static String latest() {
        return versions().getLast();
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int d = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }
}
