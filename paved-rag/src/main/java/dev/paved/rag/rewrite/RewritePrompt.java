package dev.paved.rag.rewrite;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Step 4 with a model: the prompt that asks a chat model for standalone search queries, and the reading of its reply
 * (one query per line; numbering, bullets and quotes removed; at most the policy's number of sub-queries).
 */
public final class RewritePrompt {
    private static final Pattern DECORATION = Pattern.compile("^\\s*(?:[-*•]|\\d+[.)]|query\\s*\\d*:)\\s*|^[\"']|[\"']$", Pattern.CASE_INSENSITIVE);
    static final int MAX_QUERY_CHARS = 500;

    private RewritePrompt() {
    }

    public static String system(int maxQueries) {
        return "You turn a user's question into search queries for a document search engine. Use the conversation to "
                + "resolve what the question refers to. Write one standalone query per line, at most " + maxQueries
                + (maxQueries == 1 ? " line" : " lines, one per distinct thing asked") + ". Write only the queries: no "
                + "numbering, no explanations, no answer.";
    }

    public static String user(String history, String question) {
        return (history == null || history.isBlank() ? "" : "Conversation so far:\n" + history.strip() + "\n\n") + "Question: " + question.strip();
    }

    /** The queries in a model's reply, or an empty list when it wrote none usable. */
    public static List<String> queries(String reply, int max) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : reply.split("\\R")) {
            String q = line.strip();
            for (int i = 0; i < 3; i++) {
                q = DECORATION.matcher(q).replaceAll("").strip();
            }
            if (q.length() >= 3 && q.length() <= MAX_QUERY_CHARS) {
                out.add(q);
            }
            if (out.size() >= max) {
                break;
            }
        }
        return new ArrayList<>(out);
    }
}
