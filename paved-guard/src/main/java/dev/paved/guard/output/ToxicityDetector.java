package dev.paved.guard.output;

import dev.paved.guard.Detector;
import dev.paved.guard.Finding;
import dev.paved.guard.ScanContext;
import dev.paved.guard.injection.TextNormalizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-list toxicity and profanity check: the bundled list ({@code toxicity-words.txt}, English, German,
 * Spanish, French) plus a tenant's own terms, matched as whole words on normalised text (leetspeak read as
 * letters). The score is the highest term weight, raised when several terms appear.
 */
public final class ToxicityDetector implements Detector {
    private static final String BUNDLED = "/dev/paved/guard/toxicity-words.txt";
    private final Map<String, Double> weights;
    private final Pattern pattern;

    /** @param extra additional terms with weight 0.8 */
    public ToxicityDetector(List<String> extra) {
        Map<String, Double> w = new LinkedHashMap<>(bundled());
        for (String e : extra) {
            String n = TextNormalizer.fold(e);
            if (n.isBlank()) {
                throw new IllegalArgumentException("toxicity words must not be blank");
            }
            w.put(n, 0.8);
        }
        this.weights = w;
        StringBuilder alt = new StringBuilder();
        w.keySet().stream().sorted((a, b) -> b.length() - a.length())
                .forEach(k -> alt.append(alt.isEmpty() ? "" : "|").append(Pattern.quote(k)));
        this.pattern = Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alt + ")(?![\\p{L}\\p{N}])", Pattern.UNICODE_CASE);
    }

    @Override
    public List<String> phrases() {
        return List.copyOf(weights.keySet());
    }

    @Override
    public List<Finding> detect(String text, ScanContext ctx) {
        String norm = TextNormalizer.fold(text);
        double best = max(norm, 0);
        int hits = count(norm);
        String leet = TextNormalizer.deLeet(norm);
        if (!leet.equals(norm)) {
            best = max(leet, best);
            hits = Math.max(hits, count(leet));
        }
        if (best == 0) {
            return List.of();
        }
        double score = Math.min(1.0, best + 0.1 * (hits - 1));
        return List.of(Finding.whole("toxicity", "output.toxicity", score));
    }

    private double max(String s, double best) {
        Matcher m = pattern.matcher(s);
        while (m.find()) {
            best = Math.max(best, weights.getOrDefault(m.group().toLowerCase(Locale.ROOT), 0.6));
        }
        return best;
    }

    private int count(String s) {
        Matcher m = pattern.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static Map<String, Double> bundled() {
        Map<String, Double> out = new LinkedHashMap<>();
        try (InputStream in = ToxicityDetector.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED + " is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                out.put(TextNormalizer.fold(parts[0]), parts.length > 1 ? Double.parseDouble(parts[1]) : 0.6);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The number of terms in the list (bundled and extra). */
    public int size() {
        return new ArrayList<>(weights.keySet()).size();
    }
}
