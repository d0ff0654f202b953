package dev.paved.guard;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of one request: the same value always gets the same placeholder ({@code [EMAIL_1]}),
 * numbered per label in order of first appearance, across every text of the request. The mapping can be
 * reversed for the caller only ({@link #restore}); it lives in memory for the request and is never stored.
 */
public final class Redactions {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\[([A-Z][A-Z_]*)_(\\d{1,6})]");

    private final Map<String, String> byValue = new HashMap<>();
    private final Map<String, String> byPlaceholder = new LinkedHashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();
    /** For a fork: the size of the map it was forked from, at the time. */
    private int forkedAt = -1;
    /** After {@link #limitRestoreToCurrent}: the only placeholders {@link #restore} puts back; null: all. */
    private java.util.Set<String> restorable;

    /** The placeholder for {@code value} under {@code label}, creating it on first use. */
    public synchronized String placeholder(String label, String value) {
        String key = label + '\u0000' + value;
        String existing = byValue.get(key);
        if (existing != null) {
            return existing;
        }
        int n = counters.merge(label, 1, Integer::sum);
        String p = "[" + label + "_" + n + "]";
        byValue.put(key, p);
        byPlaceholder.put(p, value);
        return p;
    }

    /** Replaces every placeholder of this request in {@code text} with its original value; others stay. */
    public String restore(String text) {
        return restore(text, java.util.function.UnaryOperator.identity());
    }

    /**
     * Like {@link #restore(String)}, with each original value written as {@code encode} has it (escaped for the
     * inside of a JSON string, say).
     */
    public synchronized String restore(String text, java.util.function.UnaryOperator<String> encode) {
        if (byPlaceholder.isEmpty() || text.indexOf('[') < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String original = restorable == null || restorable.contains(m.group()) ? byPlaceholder.get(m.group()) : null;
            m.appendReplacement(out, Matcher.quoteReplacement(original == null ? m.group() : encode.apply(original)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * From now on {@link #restore} puts back only the placeholders that exist now. Called once the caller's own
     * texts are scanned, before the answer is: a value the output stage redacts from the model's text (a leak
     * from its context, say) must stay redacted for the caller too, unless it is one the caller sent.
     */
    public synchronized void limitRestoreToCurrent() {
        restorable = java.util.Set.copyOf(byPlaceholder.keySet());
    }

    /**
     * A copy to try a scan on: its new placeholders go on numbering from this map's, and {@link #adopt} takes them
     * over, or they are dropped with the copy.
     */
    public synchronized Redactions fork() {
        Redactions f = new Redactions();
        f.byValue.putAll(byValue);
        f.byPlaceholder.putAll(byPlaceholder);
        f.counters.putAll(counters);
        f.forkedAt = byPlaceholder.size();
        f.restorable = restorable;
        return f;
    }

    /**
     * Takes over the placeholders {@code fork} made; false, taking nothing, when this map got placeholders of its
     * own since the fork (the fork's numbers may clash).
     */
    public boolean adopt(Redactions fork) {
        synchronized (fork) {
            synchronized (this) {
                if (fork.forkedAt != byPlaceholder.size()) {
                    return false;
                }
                byValue.putAll(fork.byValue);
                byPlaceholder.putAll(fork.byPlaceholder);
                counters.putAll(fork.counters);
                return true;
            }
        }
    }

    public synchronized int size() {
        return byPlaceholder.size();
    }

    /** Placeholder labels with how many distinct values each replaced; no values. */
    public synchronized Map<String, Integer> countsByLabel() {
        return Map.copyOf(counters);
    }

    @Override
    public String toString() {
        return "Redactions[" + countsByLabel() + "]";
    }
}
