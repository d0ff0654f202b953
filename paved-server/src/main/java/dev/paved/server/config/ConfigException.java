package dev.paved.server.config;

import java.util.List;

/**
 * The configuration cannot be used. The message lists every problem, one per line, then a hint line.
 * Neither the message nor the problems contain secret values (API keys, the admin key, URL passwords).
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems, String hint) {
        super(render(problems, hint));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in file order, environment problems last. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(List<ConfigProblem> problems, String hint) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        StringBuilder sb = new StringBuilder();
        for (ConfigProblem p : problems) {
            sb.append(p).append('\n');
        }
        return sb.append(hint).toString();
    }
}
