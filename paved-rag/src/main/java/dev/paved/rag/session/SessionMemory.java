package dev.paved.rag.session;

import dev.paved.rag.Tokens;
import dev.paved.rag.Turn;
import java.util.ArrayList;
import java.util.List;

/**
 * Short-term memory of a conversation: a running summary plus the most recent turns verbatim. When summary and
 * turns exceed the token budget, the oldest turns are folded into the summary (their first sentence, shortened),
 * keeping at least the last exchange verbatim; a summary that alone outgrows half the budget loses its oldest
 * lines. Deterministic and local: no model call.
 */
public final class SessionMemory {
    static final int KEEP_TURNS = 2;
    static final int LINE_CHARS = 200;

    private SessionMemory() {
    }

    /** A session's memory: the summary (empty when none) and the turns kept verbatim, oldest first. */
    public record State(String summary, List<Turn> turns) {
        public State {
            summary = summary == null ? "" : summary;
            turns = List.copyOf(turns);
        }

        public boolean isEmpty() {
            return summary.isEmpty() && turns.isEmpty();
        }
    }

    /** The state after summarising what exceeds {@code budgetTokens}; {@code folded} tells how many turns were folded. */
    public record Compacted(State state, int folded) {
    }

    public static Compacted compact(State state, int budgetTokens, Tokens tokens) {
        List<Turn> turns = new ArrayList<>(state.turns());
        List<String> lines = new ArrayList<>(state.summary().isEmpty() ? List.of() : List.of(state.summary().split("\n")));
        int folded = 0;
        while (turns.size() > KEEP_TURNS && size(lines, turns, tokens) > budgetTokens) {
            Turn t = turns.remove(0);
            lines.add((t.role().equals(Turn.USER) ? "User asked: " : "Answer: ") + firstSentence(t.text()));
            folded++;
        }
        while (lines.size() > 1 && tokens.count(String.join("\n", lines)) > budgetTokens / 2) {
            lines.remove(0);
        }
        return new Compacted(new State(String.join("\n", lines), turns), folded);
    }

    /** The conversation so far as the model reads it: summary, then the last {@code maxTurns} turns. */
    public static String render(State state, int maxTurns) {
        StringBuilder sb = new StringBuilder();
        if (!state.summary().isEmpty()) {
            sb.append("Summary of earlier turns:\n").append(state.summary()).append('\n');
        }
        List<Turn> turns = state.turns();
        for (Turn t : turns.subList(Math.max(0, turns.size() - maxTurns), turns.size())) {
            sb.append(t.role().equals(Turn.USER) ? "User: " : "Assistant: ").append(t.text().strip()).append('\n');
        }
        return sb.toString().strip();
    }

    private static int size(List<String> summary, List<Turn> turns, Tokens tokens) {
        int n = tokens.count(String.join("\n", summary));
        for (Turn t : turns) {
            n += tokens.count(t.text()) + 4;
        }
        return n;
    }

    static String firstSentence(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        int end = -1;
        for (int i = 0; i < t.length() - 1; i++) {
            char c = t.charAt(i);
            if ((c == '.' || c == '?' || c == '!') && t.charAt(i + 1) == ' ') {
                end = i + 1;
                break;
            }
        }
        String s = end > 0 ? t.substring(0, end) : t;
        return s.length() <= LINE_CHARS ? s : s.substring(0, LINE_CHARS - 1) + "…";
    }
}
