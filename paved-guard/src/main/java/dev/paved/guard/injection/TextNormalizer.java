package dev.paved.guard.injection;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Undoes the obfuscations attackers use to slip instructions past word-based checks: compatibility forms
 * (NFKC: fullwidth and mathematical letters), invisible characters (zero-width, bidi controls, soft hyphens,
 * Unicode tag characters), Latin look-alikes from Cyrillic and Greek, letter-by-letter spacing, simple
 * leetspeak, and instructions hidden in base64 or hex payloads, which are decoded and appended.
 */
public final class TextNormalizer {
    /** Cyrillic and Greek letters that render like Latin ones (a subset of Unicode's confusables.txt). */
    private static final String CONFUSABLE_FROM =
            "АВЕЅІЈКМНОРСТХУаеіјоорсхуѕԁɡһӏԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοριυνκτχ";
    private static final String CONFUSABLE_TO =
            "ABESIJKMHOPCTXYaeijoopcxysdghlqwABEZHIKMNOPTYXaopiuvktx";
    private static final Pattern BASE64 = Pattern.compile("(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])");
    private static final Pattern HEX = Pattern.compile("(?<![0-9A-Fa-f])(?:(?:\\\\x|0x)?[0-9A-Fa-f]{2}[ ,]?){12,}");
    private static final Pattern SPACED = Pattern.compile("(?<![\\p{L}])(?:\\p{L}[ ._*-]){3,}\\p{L}(?![\\p{L}])");
    private static final Pattern WS = Pattern.compile("\\s+");

    private TextNormalizer() {
    }

    /** The last text each thread normalised: several scanners of one chain normalise the same text. */
    private static final ThreadLocal<String[]> LAST = ThreadLocal.withInitial(() -> new String[4]);

    /** The text with every obfuscation undone, lower-cased, whitespace collapsed, decoded payloads appended. */
    public static String normalize(String text) {
        String[] last = LAST.get();
        if (last[0] != null && last[0].equals(text)) {
            return last[1];
        }
        String result = doNormalize(text);
        last[0] = text;
        last[1] = result;
        return result;
    }

    private static String doNormalize(String text) {
        String base = fold(text);
        List<String> decoded = decodePayloads(text);
        if (decoded.isEmpty()) {
            return base;
        }
        StringBuilder b = new StringBuilder(base);
        for (String d : decoded) {
            b.append(" \n ").append(fold(d));
        }
        return b.toString();
    }

    /** NFKC, invisible characters removed, confusables mapped, spaced letters joined, lower case, one space. */
    public static String fold(String text) {
        String[] last = LAST.get();
        if (last[2] != null && last[2].equals(text)) {
            return last[3];
        }
        String result = doFold(text);
        last[2] = text;
        last[3] = result;
        return result;
    }

    private static String doFold(String text) {
        boolean ascii = true;
        for (int i = 0; i < text.length() && ascii; i++) {
            ascii = text.charAt(i) < 0x80;
        }
        if (ascii) {
            return foldAscii(text);
        }
        String s = Normalizer.isNormalized(text, Normalizer.Form.NFKC) ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder b = new StringBuilder(s.length());
        int wordStart = 0;
        boolean latin = false;
        boolean confusable = false;
        boolean space = true;
        for (int i = 0; i < s.length(); ) {
            char ch = s.charAt(i);
            if (ch < 0x80 && ch > ' ') {
                // printable ASCII: the common case, without the code-point and Unicode-property calls below
                space = false;
                boolean letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
                if (letter) {
                    latin = true;
                    b.append(ch <= 'Z' ? (char) (ch + 32) : ch);
                } else {
                    mapConfusables(b, wordStart, latin, confusable);
                    b.append(ch);
                    wordStart = b.length();
                    latin = false;
                    confusable = false;
                }
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (invisible(cp)) {
                continue;
            }
            if (Character.isWhitespace(cp)) {
                mapConfusables(b, wordStart, latin, confusable);
                latin = false;
                confusable = false;
                if (!space) {
                    b.append(' ');
                    space = true;
                }
                wordStart = b.length();
                continue;
            }
            space = false;
            if (!Character.isLetter(cp)) {
                mapConfusables(b, wordStart, latin, confusable);
                wordStart = b.length() + Character.charCount(cp);
                latin = false;
                confusable = false;
            } else if (cp < 0x250) {
                latin = true;
            } else if (cp < 0x10000 && CONFUSABLE_FROM.indexOf((char) cp) >= 0) {
                confusable = true;
            }
            b.appendCodePoint(Character.toLowerCase(cp));
        }
        mapConfusables(b, wordStart, latin, confusable);
        int end = b.length();
        if (end > 0 && b.charAt(end - 1) == ' ') {
            b.setLength(end - 1);
        }
        String out = b.toString();
        if (maybeSpaced(out) && SPACED.matcher(out).find()) {
            out = WS.matcher(joinSpaced(out)).replaceAll(" ").strip();
        }
        return out;
    }

    /** {@link #doFold} for pure ASCII text: lower case and collapsed whitespace in one pass over a char array. */
    private static String foldAscii(String text) {
        char[] out = new char[text.length()];
        int n = 0;
        boolean space = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B) {
                if (!space) {
                    out[n++] = ' ';
                    space = true;
                }
                continue;
            }
            space = false;
            out[n++] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        if (n > 0 && out[n - 1] == ' ') {
            n--;
        }
        String folded = new String(out, 0, n);
        if (maybeSpaced(folded) && SPACED.matcher(folded).find()) {
            folded = WS.matcher(joinSpaced(folded)).replaceAll(" ").strip();
        }
        return folded;
    }

    /** Cheap pre-check for {@link #SPACED}: four single letters separated by one separator each ({@code i g n o}). */
    private static boolean maybeSpaced(String s) {
        int run = 0;
        for (int i = 0; i + 1 < s.length(); i++) {
            char c = s.charAt(i);
            char next = s.charAt(i + 1);
            boolean single = Character.isLetter(c) && (i == 0 || !Character.isLetter(s.charAt(i - 1))) && " ._*-".indexOf(next) >= 0;
            if (single) {
                run++;
                if (run >= 3) {
                    return true;
                }
                i++;
            } else {
                run = 0;
            }
        }
        return false;
    }

    /**
     * Maps Cyrillic and Greek look-alikes to Latin only inside a word that also has Latin letters: a mixed-script
     * word is a disguise, while a whole Russian or Greek word is just Russian or Greek.
     */
    private static void mapConfusables(StringBuilder b, int from, boolean latin, boolean confusable) {
        if (!latin || !confusable) {
            return;
        }
        for (int i = from; i < b.length(); i++) {
            int k = CONFUSABLE_FROM.indexOf(Character.toUpperCase(b.charAt(i)));
            if (k < 0) {
                k = CONFUSABLE_FROM.indexOf(b.charAt(i));
            }
            if (k >= 0) {
                b.setCharAt(i, Character.toLowerCase(CONFUSABLE_TO.charAt(k)));
            }
        }
    }

    /**
     * The parts of {@code folded} around words that read differently as leetspeak, de-leeted and joined, or
     * null when no word changes: rules only need to look there again, not at the whole text.
     */
    public static String leetWindows(String folded, int pad) {
        String leet = deLeet(folded);
        if (leet == folded) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int n = folded.length();
        int covered = 0;
        for (int i = 0; i < n; i++) {
            if (folded.charAt(i) != leet.charAt(i)) {
                int from = Math.max(covered, Math.max(0, i - pad));
                int to = Math.min(n, i + pad);
                while (from > 0 && from < n && !Character.isWhitespace(leet.charAt(from - 1))) {
                    from--;
                }
                if (from > covered || out.isEmpty()) {
                    out.append(out.isEmpty() ? "" : " \n ");
                }
                out.append(leet, Math.max(from, covered), to);
                covered = to;
                i = to - 1;
            }
        }
        return out.toString();
    }

    /** Leetspeak digits and symbols read as letters ({@code 1gn0r3} → {@code ignore}); a separate view, since it garbles numbers. */
    public static String deLeet(String folded) {
        StringBuilder b = null;
        int n = folded.length();
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && !Character.isWhitespace(folded.charAt(j))) {
                j++;
            }
            if (j > i && isLeetWord(folded, i, j)) {
                if (b == null) {
                    b = new StringBuilder(folded);
                }
                for (int k = i; k < j; k++) {
                    b.setCharAt(k, leet(folded.charAt(k)));
                }
            }
            i = j + 1;
        }
        return b == null ? folded : b.toString();
    }

    /** A word of letters with leet characters among them ({@code 1gn0r3}), not a number or a price. */
    private static boolean isLeetWord(String s, int from, int to) {
        int letters = 0;
        int leet = 0;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (Character.isLetter(c)) {
                letters++;
            } else if (leet(c) != c) {
                leet++;
            }
        }
        return letters >= 2 && leet >= 1;
    }

    private static char leet(char c) {
        return switch (c) {
            case '0' -> 'o';
            case '1', '!', '|' -> 'i';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            default -> c;
        };
    }

    static boolean invisible(int cp) {
        return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064)
                || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x00AD || cp == 0x034F || cp == 0x180E
                || (cp >= 0xE0000 && cp <= 0xE007F) || (cp >= 0xFE00 && cp <= 0xFE0F);
    }

    private static String joinSpaced(String s) {
        Matcher m = SPACED.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String joined = m.group().replaceAll("[ ._*-]", "");
            m.appendReplacement(out, Matcher.quoteReplacement(joined));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Base64 and hex runs that decode to mostly printable UTF-8 text. */
    static List<String> decodePayloads(String text) {
        List<String> out = new ArrayList<>();
        if (text.length() < 16 || !hasRun(text, 16)) {
            return out;
        }
        Matcher m = BASE64.matcher(text);
        while (m.find() && out.size() < 8) {
            String tok = m.group();
            if (!hasMixedBase64Alphabet(tok)) {
                continue;
            }
            try {
                byte[] bytes = tok.indexOf('-') >= 0 || tok.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(stripPadding(tok)) : Base64.getMimeDecoder().decode(tok);
                addIfText(bytes, out);
            } catch (IllegalArgumentException ignored) {
                // not base64 after all
            }
        }
        Matcher h = HEX.matcher(text);
        while (h.find() && out.size() < 8) {
            String hex = h.group().replace("\\x", "").replace("0x", "").replaceAll("[ ,]", "");
            if (hex.length() % 2 == 0) {
                addIfText(HexFormat.of().parseHex(hex), out);
            }
        }
        return out;
    }

    /**
     * True when {@code text} may hold a payload: {@code min} consecutive base64 characters, an escaped or
     * prefixed hex sequence, or eight space-separated hex pairs. The payload regexes run only then.
     */
    private static boolean hasRun(String text, int min) {
        if (text.contains("\\x") || text.contains("0x")) {
            return true;
        }
        int run = 0;
        int pairs = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '_' || c == '-') {
                if (++run >= min) {
                    return true;
                }
            } else {
                if (run == 2 && isHexPair(text, i - 2) && (c == ' ' || c == ',')) {
                    if (++pairs >= 8) {
                        return true;
                    }
                } else {
                    pairs = 0;
                }
                run = 0;
            }
        }
        return false;
    }

    private static boolean isHexPair(String s, int i) {
        return i >= 0 && i + 1 < s.length() && Character.digit(s.charAt(i), 16) >= 0 && Character.digit(s.charAt(i + 1), 16) >= 0;
    }

    private static String stripPadding(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Real base64 of text mixes upper and lower case; plain words and hex ids do not. */
    private static boolean hasMixedBase64Alphabet(String tok) {
        boolean upper = false;
        boolean lower = false;
        for (int i = 0; i < tok.length(); i++) {
            char c = tok.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
        }
        return upper && lower;
    }

    private static void addIfText(byte[] bytes, List<String> out) {
        if (bytes.length < 8) {
            return;
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return;
        }
        int printable = 0;
        int letters = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isISOControl(c) || c == '\n' || c == '\t') {
                printable++;
            }
            if (Character.isLetter(c)) {
                letters++;
            }
        }
        if (printable >= s.length() * 0.95 && letters >= s.length() * 0.5) {
            out.add(s);
        }
    }
}
