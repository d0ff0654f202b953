package dev.paved.embedding;

import java.text.Normalizer;

/**
 * The text normalisation step of a BERT tokenizer: drops control characters and maps whitespace to spaces, puts
 * spaces around CJK ideographs, strips accents (NFD, then drops non-spacing marks) and lowercases, in that order.
 */
final class BertNormalizer {

    private static final int LATIN_CAPITAL_I_WITH_DOT_ABOVE = 0x130;

    private final boolean cleanText;
    private final boolean handleChineseChars;
    private final boolean stripAccents;
    private final boolean lowercase;

    BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {
        this.cleanText = cleanText;
        this.handleChineseChars = handleChineseChars;
        this.stripAccents = stripAccents;
        this.lowercase = lowercase;
    }

    String normalize(String text) {
        String result = cleanAndSpaceChinese(text);
        if (stripAccents) {
            result = stripAccents(result);
        }
        if (lowercase) {
            result = lowercase(result);
        }
        return result;
    }

    private String cleanAndSpaceChinese(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(cp -> {
            if (cleanText) {
                if (cp == 0 || cp == 0xFFFD || BertCharacters.isControl(cp)) {
                    return;
                }
                if (BertCharacters.isWhitespace(cp)) {
                    out.append(' ');
                    return;
                }
            }
            if (handleChineseChars && BertCharacters.isChineseChar(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static String stripAccents(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints()
                .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    /** Per-character full lowercase mapping, without the context-dependent final-sigma rule. */
    private static String lowercase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == LATIN_CAPITAL_I_WITH_DOT_ABOVE) {
                out.append("i\u0307");
            } else {
                out.appendCodePoint(Character.toLowerCase(cp));
            }
        });
        return out.toString();
    }
}
