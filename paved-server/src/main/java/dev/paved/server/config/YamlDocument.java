package dev.paved.server.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses YAML text into SnakeYAML's node graph, which keeps the line and column of every key and value.
 * Nothing is constructed into Java objects, so no tag can instantiate a class.
 */
final class YamlDocument {
    private YamlDocument() {
    }

    /** The root node; null for an empty document or a syntax error (reported to {@code problems}). */
    static Node compose(String text, Problems problems) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(100);
        try {
            Composer composer = new Composer(new ParserImpl(new StreamReader(body), options), new Resolver(), options);
            return composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            // Only the parser's problem and context are used: its full message quotes the offending line,
            // which may hold a secret.
            problems.at(e.getProblemMark(), "", syntaxMessage(e));
            return null;
        } catch (YAMLException e) {
            // Unmarked errors (size and alias limits, unacceptable characters) name no file content.
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            problems.at((Mark) null, "", "cannot read the file as YAML: " + reason.replaceAll("\\s+", " ").strip());
            return null;
        }
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem().strip();
        if (problem.contains("(TAB)") || problem.contains("'\\t'")) {
            return "YAML syntax error: a tab character cannot indent YAML; use spaces";
        }
        String context = e.getContext() == null ? null : e.getContext().strip();
        String where = e.getContextMark() == null ? "" : " at line " + (e.getContextMark().getLine() + 1);
        String text;
        if (context == null) {
            text = problem;
        } else if (problem.startsWith("but ")) {
            // SnakeYAML splits one sentence: "expected a single document in the stream" / "but found another document".
            text = context + where + ", " + problem;
        } else {
            text = problem + " (" + context + where + ")";
        }
        if (problem.contains("another document")) {
            text += "; a config file holds one document, remove the extra '---'";
        }
        return "YAML syntax error: " + text;
    }
}
