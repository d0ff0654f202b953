package dev.paved.server.db;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The migrations on the classpath, so tests need not change when one is added. */
final class Migrations {
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

    private Migrations() {
    }

    static List<Integer> versions() {
        URL dir = Migrations.class.getResource("/db/migration");
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.map(p -> VERSION.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1))).sorted().toList();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list db/migration: " + e.getMessage(), e);
        }
    }

    static int count() {
        return versions().size();
    }

    static String latest() {
        return Integer.toString(versions().getLast());
    }
}
