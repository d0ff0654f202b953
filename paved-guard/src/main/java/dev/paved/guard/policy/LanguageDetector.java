package dev.paved.guard.policy;

import java.lang.Character.UnicodeScript;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small language identifier for the allowed-languages policy: the dominant Unicode script decides
 * non-Latin languages (Cyrillic → ru, Greek → el, Han → zh, …), and for Latin-script text the most frequent
 * function words decide between English, German, French, Spanish, Italian, Dutch, Portuguese and Polish.
 * Texts too short or without function words are "und" (undetermined). docs/adr/0008-pii-detectors.md says why
 * this is hand-written.
 */
public final class LanguageDetector {
    /** ISO 639-1 codes this detector can return, besides {@code und}. */
    public static final Set<String> KNOWN = Set.of("en", "de", "fr", "es", "it", "nl", "pt", "pl", "ru", "uk", "el", "ar", "he",
            "zh", "ja", "ko", "hi", "th", "km");
    private static final Pattern WORD = Pattern.compile("[\\p{L}']+");
    private static final Map<String, String> STOPWORDS = new HashMap<>();
    private static final UnicodeScript[] SCRIPTS = UnicodeScript.values();

    static {
        stop("en", "the and is are was were you your what how why which this that with for not have has of to in it be do does can will would should i my me we they");
        stop("de", "der die das und ist sind nicht ich du sie wir ein eine einen mit für auf wie was warum welche dem den des zu im es bitte auch oder aber wenn");
        stop("fr", "le la les et est sont une un des du je tu vous nous pas que qui pour avec dans sur ce cette mais ou comment pourquoi quel quelle");
        stop("es", "el los las y es son una un del que por para con pero como qué cómo por qué yo tú usted nosotros no se lo muy está");
        stop("it", "il lo gli e è sono una un del della che per con non come perché io tu voi noi ma anche questo questa sono");
        stop("nl", "de het een en is zijn niet ik jij je wij met voor op wat hoe waarom welke dit dat maar ook van");
        stop("pt", "o os as e é são uma um do da que para com não como porque eu você nós mas também isso esta");
        stop("pl", "i w na nie jest są to że się z do jak co dlaczego ja ty my ale czy dla po");
    }

    private LanguageDetector() {
    }

    private static void stop(String lang, String words) {
        for (String w : words.split(" ")) {
            STOPWORDS.merge(w, lang, (a, b) -> a); // first language listed wins shared words
        }
    }

    /** The language of {@code text}: an ISO 639-1 code, or {@code und}. */
    public static String detect(String text) {
        int[] scripts = new int[SCRIPTS.length];
        int letters = 0;
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c < 0x80) {
                // ASCII, the common case: no code-point or Unicode-property lookups
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                    letters++;
                    scripts[UnicodeScript.LATIN.ordinal()]++;
                }
                i++;
                continue;
            }
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp)) {
                letters++;
                scripts[UnicodeScript.of(cp).ordinal()]++;
            }
        }
        if (letters == 0) {
            return "und";
        }
        UnicodeScript top = SCRIPTS[0];
        for (int k = 1; k < scripts.length; k++) {
            if (scripts[k] > scripts[top.ordinal()]) {
                top = SCRIPTS[k];
            }
        }
        return switch (top) {
            case LATIN -> latin(text);
            case CYRILLIC -> text.matches("(?s).*[іїєґІЇЄҐ].*") ? "uk" : "ru";
            case GREEK -> "el";
            case ARABIC -> "ar";
            case HEBREW -> "he";
            case HAN -> scripts[UnicodeScript.HIRAGANA.ordinal()] + scripts[UnicodeScript.KATAKANA.ordinal()] > 0 ? "ja" : "zh";
            case HIRAGANA, KATAKANA -> "ja";
            case HANGUL -> "ko";
            case DEVANAGARI -> "hi";
            case THAI -> "th";
            case KHMER -> "km";
            default -> "und";
        };
    }

    private static String latin(String text) {
        Map<String, Integer> votes = new HashMap<>();
        var m = WORD.matcher(text);
        int words = 0;
        while (m.find() && words < 400) {
            words++;
            String lang = STOPWORDS.get(m.group().toLowerCase(Locale.ROOT));
            if (lang != null) {
                votes.merge(lang, 1, Integer::sum);
            }
        }
        String best = "und";
        int bestVotes = 0;
        for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(votes).entrySet()) {
            if (e.getValue() > bestVotes) {
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        return bestVotes >= 2 || (bestVotes == 1 && words <= 3) ? best : "und";
    }

    /** The codes in {@code langs} this detector does not know, for configuration checks. */
    public static List<String> unknown(List<String> langs) {
        return langs.stream().filter(l -> !KNOWN.contains(l)).toList();
    }
}
