package dev.paved.guard.output;

/**
 * Where a streamed text may be cut so that no value a detector looks for is cut in two, judged from the text
 * alone. The text is read as runs (words: characters between white space, and between two characters of a
 * script written without spaces, such as Chinese or Thai). What may still grow is held:
 * <ul>
 *   <li>the open run, when the text does not end in white space: an e-mail address, key or token is one run,
 *       however long it gets;</li>
 *   <li>the runs before it that could be groups of one value written with spaces (IBAN {@code DE89 3704 0044 …},
 *       card {@code 4111 1111 …}, phone {@code +1 (415) 555 …}, private key header {@code -----BEGIN RSA PRIVATE KEY-----}):
 *       runs holding a digit or no lower-case letter, one or two spaces or tabs apart. A line break, a longer gap
 *       or an ordinary word ends such a chain;</li>
 *   <li>and a short word of letters that may be a group of an IBAN typed in lower case ({@code gb82 west 1234 …}):
 *       up to four letters or digits after a chain of four-character groups, one space apart, that starts with a
 *       country code and check digits ({@code gb82}). Ordinary prose has no such start, so it is not held longer.</li>
 * </ul>
 * The scan-based part of the decision (a value the chain finds that reaches the end of the text to release) is
 * {@link StreamRedactor}'s.
 */
final class ReleasePoint {
    /** The most spaces or tabs between two groups of one value. */
    static final int MAX_GROUP_GAP = 2;

    private ReleasePoint() {
    }

    /** Where the open run starts: {@code s.length()} when the text ends in white space, else the start of its last run. */
    static int openStart(CharSequence s) {
        int n = s.length();
        if (n == 0 || Character.isWhitespace(s.charAt(n - 1))) {
            return n;
        }
        return runStart(s, n);
    }

    /** The length of the prefix of {@code s} that may be released now: everything before the held tail. */
    static int releasable(CharSequence s) {
        int hold = openStart(s);
        int pos = hold;
        while (pos > 0) {
            int gapStart = pos;
            while (gapStart > 0 && isSpaceOrTab(s.charAt(gapStart - 1))) {
                gapStart--;
            }
            int gap = pos - gapStart;
            if (gap == 0 || gap > MAX_GROUP_GAP || gapStart == 0 || Character.isWhitespace(s.charAt(gapStart - 1))) {
                break;
            }
            int start = runStart(s, gapStart);
            if (!groupLike(s, start, gapStart) && !(gap == 1 && ibanGroup(s, start, gapStart))) {
                break;
            }
            hold = start;
            pos = start;
        }
        return hold;
    }

    /** The start of the run that ends at {@code end} (exclusive); {@code end - 1} is not white space. */
    static int runStart(CharSequence s, int end) {
        int i = end - 1;
        while (i > 0 && !boundary(s.charAt(i - 1), s.charAt(i))) {
            i--;
        }
        return i;
    }

    /** True when no detectable value spans the point between {@code a} and {@code b}. */
    static boolean boundary(char a, char b) {
        return Character.isWhitespace(a) || Character.isWhitespace(b) || (unspaced(a) && unspaced(b));
    }

    /** A run that could be one group of a value written with spaces: it has a digit, or no lower-case letter. */
    static boolean groupLike(CharSequence s, int start, int end) {
        boolean lower = false;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
            lower |= Character.isLowerCase(c);
        }
        return !lower;
    }

    /** The most groups of four characters after the first of an IBAN (34 characters at most). */
    private static final int IBAN_GROUPS = 8;

    /**
     * True when the run {@code [start, end)} may be a group of an IBAN written in groups of four: one to four ASCII
     * letters or digits, after up to {@link #IBAN_GROUPS} groups of four, one space apart, the first of which is a
     * country code and check digits ({@code gb82}). Letter-only groups typed in lower case ({@code west}) are
     * not {@link #groupLike} and need this.
     */
    static boolean ibanGroup(CharSequence s, int start, int end) {
        if (end - start > 4 || !alnum(s, start, end)) {
            return false;
        }
        int at = start;
        for (int k = 0; k < IBAN_GROUPS; k++) {
            if (at < 5 || s.charAt(at - 1) != ' ' || Character.isWhitespace(s.charAt(at - 2))) {
                return false;
            }
            int groupEnd = at - 1;
            int groupStart = runStart(s, groupEnd);
            if (groupEnd - groupStart != 4 || !alnum(s, groupStart, groupEnd)) {
                return false;
            }
            if (ibanHead(s, groupStart)) {
                return true;
            }
            at = groupStart;
        }
        return false;
    }

    /** Two ASCII letters and two digits: the start of an IBAN. */
    private static boolean ibanHead(CharSequence s, int at) {
        return asciiLetter(s.charAt(at)) && asciiLetter(s.charAt(at + 1)) && digit(s.charAt(at + 2)) && digit(s.charAt(at + 3));
    }

    private static boolean alnum(CharSequence s, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (!asciiLetter(c) && !digit(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean asciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpaceOrTab(char c) {
        return c == ' ' || c == '\t';
    }

    /** A character of a script written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar) or CJK punctuation. */
    static boolean unspaced(char c) {
        if (c < 0x0e00) {
            return false;
        }
        if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20)) {
            return true;
        }
        Character.UnicodeScript script;
        try {
            script = Character.UnicodeScript.of(c);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return switch (script) {
            case HAN, HIRAGANA, KATAKANA, THAI, LAO, KHMER, MYANMAR -> true;
            default -> false;
        };
    }
}
