package dev.paved.server.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every problem found while loading, so the operator sees them all at once. */
final class Problems {
    private static final Comparator<ConfigProblem> ORDER = Comparator
            .comparing((ConfigProblem p) -> p.file().equals(ConfigProblem.ENVIRONMENT))
            .thenComparingInt(ConfigProblem::line)
            .thenComparingInt(ConfigProblem::column);

    private final String file;
    private final List<ConfigProblem> found = new ArrayList<>();
    // A node reached through a YAML anchor from two places would otherwise be reported twice, under two paths.
    private final Set<String> seen = new HashSet<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** A problem at the start of {@code node}. */
    void at(Node node, String path, String message) {
        at(node.getStartMark(), path, message);
    }

    /** A problem at a parser mark (0-based line and column inside SnakeYAML, 1-based in the report). */
    void at(Mark mark, String path, String message) {
        if (mark == null) {
            add(new ConfigProblem(file, 0, 0, path, message));
        } else {
            add(new ConfigProblem(file, mark.getLine() + 1, mark.getColumn() + 1, path, message));
        }
    }

    /** A problem with one PAVED_* environment variable. */
    void env(String variable, String message) {
        add(new ConfigProblem(ConfigProblem.ENVIRONMENT, 0, 0, variable, message));
    }

    private void add(ConfigProblem p) {
        String key = p.line() > 0 ? p.line() + ":" + p.column() + ":" + p.message() : p.toString();
        if (seen.add(key)) {
            found.add(p);
        }
    }

    /** How many distinct problems so far; compare before and after reading a part to see if it was clean. */
    int count() {
        return found.size();
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** File problems by line and column, then environment problems. */
    List<ConfigProblem> sorted() {
        List<ConfigProblem> list = new ArrayList<>(found);
        list.sort(ORDER);
        return list;
    }

    /** Throws when anything was found. */
    void throwIfAny() {
        if (found.isEmpty()) {
            return;
        }
        List<ConfigProblem> list = sorted();
        boolean fromFile = list.stream().anyMatch(p -> !p.file().equals(ConfigProblem.ENVIRONMENT));
        String hint = fromFile
                ? "Fix the lines above in " + file + ", or see docs/configuration.md"
                : "Fix the environment variables above, or see docs/configuration.md";
        throw new ConfigException(list, hint);
    }
}
