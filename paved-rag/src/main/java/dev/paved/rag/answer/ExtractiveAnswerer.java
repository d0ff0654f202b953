package dev.paved.rag.answer;

import dev.paved.rag.Terms;
import dev.paved.rag.Tokens;
import dev.paved.rag.context.SourceFraming;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A local answerer for when no language model is configured: it quotes the sentences of the sources that best
 * support the question, each followed by its source number, under a header that says the answer is extractive.
 * A sentence scores by the inverse-document-frequency weight of the question terms it contains (sentences are the
 * documents), divided by a length penalty, plus a small bonus for the source's position; sentences that share no
 * term with the question are never quoted.
 */
public final class ExtractiveAnswerer {
    public static final String HEADER = "Extractive answer (quoted from the sources, not written by a language model):";
    public static final String NO_ANSWER = "Extractive answer: none of the sources contains a sentence that matches the question.";
    /** A sentence is quoted only when it scores at least this share of the best sentence. */
    static final double RELATIVE_CUTOFF = 0.5;

    private final Tokens tokens;
    private final int maxSentences;

    public ExtractiveAnswerer(Tokens tokens, int maxSentences) {
        this.tokens = tokens;
        this.maxSentences = maxSentences;
    }

    /** One quoted sentence and the source it came from. */
    public record Quote(int source, String sentence, double score) {
    }

    /** The answer text and the quotes in it. */
    public record Answer(String text, List<Quote> quotes) {
    }

    /** Answers a user message in {@link SourceFraming}'s format. */
    public Answer answer(String userMessage, int maxTokens) {
        return answer(SourceFraming.question(userMessage), SourceFraming.sources(userMessage), maxTokens);
    }

    public Answer answer(String question, List<SourceFraming.Source> sources, int maxTokens) {
        Set<String> asked = Terms.set(question);
        List<Candidate> candidates = new ArrayList<>();
        Map<String, Integer> df = new HashMap<>();
        for (SourceFraming.Source s : sources) {
            int position = 0;
            for (String sentence : Sentences.split(s.text())) {
                Set<String> terms = Terms.set(sentence);
                for (String t : terms) {
                    if (asked.contains(t)) {
                        df.merge(t, 1, Integer::sum);
                    }
                }
                candidates.add(new Candidate(s.number(), position++, sentence, terms));
            }
        }
        int n = candidates.size();
        List<Quote> scored = new ArrayList<>();
        for (Candidate c : candidates) {
            double score = 0;
            for (String t : c.terms()) {
                Integer d = df.get(t);
                if (d != null) {
                    score += Math.log(1 + (double) n / d);
                }
            }
            if (score > 0) {
                score = score / Math.sqrt(Math.max(4, c.terms().size())) + 0.05 / c.source();
                scored.add(new Quote(c.source(), c.sentence(), score));
            }
        }
        if (scored.isEmpty()) {
            return new Answer(NO_ANSWER, List.of());
        }
        scored.sort(Comparator.comparingDouble(Quote::score).reversed());
        double best = scored.get(0).score();
        List<Quote> chosen = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int used = tokens.count(HEADER) + 2;
        for (Quote q : scored) {
            if (chosen.size() >= maxSentences || q.score() < best * RELATIVE_CUTOFF) {
                break;
            }
            String key = String.join(" ", Terms.of(q.sentence()));
            if (!seen.add(key)) {
                continue;
            }
            int cost = tokens.count(q.sentence()) + 4;
            if (used + cost > maxTokens && !chosen.isEmpty()) {
                break;
            }
            chosen.add(q);
            used += cost;
        }
        StringBuilder sb = new StringBuilder(HEADER);
        for (Quote q : chosen) {
            sb.append("\n- ").append(q.sentence()).append(" [").append(q.source()).append(']');
        }
        return new Answer(sb.toString(), List.copyOf(chosen));
    }

    private record Candidate(int source, int position, String sentence, Set<String> terms) {
    }
}
