package dev.paved.guard.output;

import dev.paved.guard.Finding;
import dev.paved.guard.GuardChain;
import dev.paved.guard.ScanContext;
import dev.paved.guard.ScanResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A text that is JSON, or the start of it (tool-call arguments): scanned for what it says and redacted without
 * breaking it. The scanners see the text with the escapes inside strings decoded ({@code \n}, {@code \"},
 * {@code \u00e9}), so a value right after {@code \n} is found and no finding starts or ends inside an escape.
 * Their findings are mapped back onto the JSON text, where each value is replaced by its placeholder: inside a
 * string as it is (placeholders need no escaping), outside one (a card number written as a JSON number) as a
 * quoted string, and a value never reaches past the end of the string it starts in. The outcome is given in the
 * JSON text's terms: every step's text is JSON, every span an offset into it.
 *
 * <p>The lexer state at the start of the text is given, so a piece of a longer document can be scanned.
 */
public final class JsonText {
    /** Outside any string. */
    public static final int OUTSIDE = 0;
    /** Inside a string, not in an escape. */
    public static final int STRING = 1;
    /** After a backslash inside a string; 3 to 6: after {@code \\u} and 0 to 3 hex digits. */
    private static final int ESCAPE = 2;

    private JsonText() {
    }

    /** The lexer state after {@code c}, in {@code state}. */
    public static int step(int state, char c) {
        return switch (state) {
            case OUTSIDE -> c == '"' ? STRING : OUTSIDE;
            case STRING -> c == '"' ? OUTSIDE : c == '\\' ? ESCAPE : STRING;
            case ESCAPE -> c == 'u' ? 3 : STRING;
            default -> !hex(c) ? step(STRING, c) : state == 6 ? STRING : state + 1;
        };
    }

    /** The lexer state after {@code s[from, to)}, starting in {@code state}. */
    public static int state(CharSequence s, int from, int to, int state) {
        for (int i = from; i < to; i++) {
            state = step(state, s.charAt(i));
        }
        return state;
    }

    /** True for a state between tokens or between characters of a string, not inside an escape. */
    public static boolean settled(int state) {
        return state <= STRING;
    }

    /** {@code value} escaped for the inside of a JSON string. */
    public static String escape(String value) {
        StringBuilder b = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String e = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> c < 0x20 ? String.format("\\u%04x", (int) c) : null;
            };
            if (e != null && b == null) {
                b = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (b != null) {
                if (e != null) {
                    b.append(e);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? value : b.toString();
    }

    /**
     * {@code raw} as {@link ReleasePoint} should see it, of the same length: the characters that end a value in JSON
     * (quotes around strings, {@code {}[],:} between tokens) read as spaces, an escape as characters of no word
     * ({@code \0}) except that {@code \n}, {@code \r} and {@code \t} end in a line break or tab. A release point is
     * then never inside an escape, and a value inside a string is held as it would be in plain text.
     */
    static CharSequence boundaries(CharSequence raw, int state) {
        char[] out = new char[raw.length()];
        for (int i = 0; i < out.length; i++) {
            char c = raw.charAt(i);
            out[i] = switch (state) {
                case OUTSIDE -> "\"{}[],:".indexOf(c) >= 0 ? ' ' : c;
                case STRING -> c == '"' ? ' ' : c == '\\' ? '\0' : c;
                case ESCAPE -> c == 'n' || c == 'r' ? '\n' : c == 't' ? '\t' : '\0';
                default -> hex(c) ? '\0' : c;
            };
            state = step(state, c);
        }
        return new String(out);
    }

    /** The furthest point at or before {@code cut} that is not inside an escape. */
    static int settledCut(CharSequence raw, int state, int cut) {
        int lastSettled = 0;
        for (int i = 0; i < cut; i++) {
            if (settled(state)) {
                lastSettled = i;
            }
            state = step(state, raw.charAt(i));
        }
        return settled(state) ? cut : lastSettled;
    }

    /** The text the scanners see, and per character of it (and its end) the offset in the raw text. */
    private record View(String text, int[] at) {
    }

    private static View decode(String raw, int state) {
        StringBuilder v = new StringBuilder(raw.length());
        int[] at = new int[raw.length() + 1];
        int n = 0;
        for (int i = 0; i < raw.length(); ) {
            char c = raw.charAt(i);
            if (state == STRING && c == '\\' && i + 1 < raw.length()) {
                char e = raw.charAt(i + 1);
                int len = 2;
                char decoded = switch (e) {
                    case '"', '\\', '/' -> e;
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'u' -> {
                        len = 6;
                        yield i + 6 <= raw.length() && hex4(raw, i + 2) ? (char) Integer.parseInt(raw.substring(i + 2, i + 6), 16) : 0;
                    }
                    default -> 0;
                };
                if (decoded != 0 || (e == 'u' && i + 6 <= raw.length() && hex4(raw, i + 2))) {
                    at[n++] = i;
                    v.append(decoded);
                    i += len;
                    continue;
                }
            }
            at[n++] = i;
            v.append(c);
            state = step(state, c);
            i++;
        }
        at[n] = raw.length();
        return new View(v.toString(), Arrays.copyOf(at, n + 1));
    }

    /**
     * The chain's outcome on the JSON text {@code raw} (starting in lexer state {@code state}), run on what it
     * says, in the raw text's terms. Should a scanner rewrite the text otherwise than by putting placeholders in
     * place of its findings, the chain runs on the raw text instead, as on any text.
     */
    public static GuardChain.Outcome run(GuardChain chain, String raw, int state, ScanContext ctx) {
        boolean escapes = raw.indexOf('\\') >= 0;
        View view = escapes ? decode(raw, state) : null;
        String text = escapes ? view.text() : raw;
        GuardChain.Outcome o = chain.run(text, ctx);
        if (!escapes && o.result().text().equals(raw)) {
            return o; // nothing decoded, nothing replaced: the outcome is already in the raw text's terms
        }
        GuardChain.Outcome mapped = map(o, text, raw, escapes ? view.at() : identity(raw.length()), state, ctx);
        return mapped != null ? mapped : chain.run(raw, ctx);
    }

    private static GuardChain.Outcome map(GuardChain.Outcome o, String text, String raw, int[] at, int state, ScanContext ctx) {
        String vIn = text;
        String rIn = raw;
        List<GuardChain.Step> steps = new ArrayList<>(o.steps().size());
        List<Finding> all = new ArrayList<>();
        for (GuardChain.Step step : o.steps()) {
            ScanResult r = step.result();
            List<Finding> found = new ArrayList<>(r.findings().size());
            if (r.text().equals(vIn)) {
                for (Finding f : r.findings()) {
                    found.add(f.positional() ? span(f, at[f.start()], at[f.end()]) : f);
                }
                steps.add(new GuardChain.Step(step.scanner(), new ScanResult(r.verdict(), rIn, found, r.score()), step.nanos()));
                all.addAll(found);
                continue;
            }
            int[] states = states(rIn, state);
            StringBuilder rOut = new StringBuilder(rIn.length() + 16);
            StringBuilder vOut = new StringBuilder(vIn.length() + 16);
            int[] atOut = new int[vIn.length() + 64];
            int n = 0;
            int v = 0;
            int rp = 0;
            List<Finding> sorted = new ArrayList<>(r.findings());
            sorted.sort(Comparator.comparingInt(Finding::start));
            for (Finding f : sorted) {
                if (!f.positional()) {
                    found.add(f);
                    continue;
                }
                if (f.start() < v) {
                    found.add(span(f, at[f.start()], at[f.end()])); // overlapped: the scanner replaced only the first
                    continue;
                }
                String p = ctx.redactions().placeholder(f.label() == null ? "REDACTED" : f.label(), vIn.substring(f.start(), f.end()));
                int rs = at[f.start()];
                int re = clip(rIn, states, rs, at[f.end()]);
                if (re <= rs) {
                    return null;
                }
                for (int k = v; k < f.start(); k++) {
                    atOut = put(atOut, n++, rOut.length() + at[k] - rp);
                }
                rOut.append(rIn, rp, rs);
                vOut.append(vIn, v, f.start());
                boolean quote = states[rs] == OUTSIDE;
                if (quote) {
                    rOut.append('"');
                }
                for (int j = 0; j < p.length(); j++) {
                    atOut = put(atOut, n++, rOut.length() + j);
                }
                rOut.append(p);
                vOut.append(p);
                if (quote) {
                    rOut.append('"');
                }
                found.add(span(f, rs, re));
                v = f.end();
                rp = re;
            }
            for (int k = v; k < vIn.length(); k++) {
                atOut = put(atOut, n++, rOut.length() + at[k] - rp);
            }
            rOut.append(rIn, rp, rIn.length());
            vOut.append(vIn, v, vIn.length());
            atOut = put(atOut, n++, rOut.length());
            if (!vOut.toString().equals(r.text())) {
                return null;
            }
            steps.add(new GuardChain.Step(step.scanner(), new ScanResult(r.verdict(), rOut.toString(), found, r.score()), step.nanos()));
            all.addAll(found);
            vIn = r.text();
            rIn = rOut.toString();
            at = Arrays.copyOf(atOut, n);
        }
        return new GuardChain.Outcome(new ScanResult(o.result().verdict(), rIn, all, o.result().score()), steps);
    }

    /**
     * The end of a replacement from {@code start}: not past the end of the string it starts in, nor, outside
     * strings, into the next string.
     */
    private static int clip(String raw, int[] states, int start, int end) {
        int in = states[start];
        if (!settled(in)) {
            return start;
        }
        for (int q = start; q < end; q++) {
            if (raw.charAt(q) == '"' && states[q] == in) {
                return q;
            }
        }
        return settled(states[end]) ? end : start;
    }

    private static int[] states(String raw, int state) {
        int[] s = new int[raw.length() + 1];
        for (int i = 0; i < raw.length(); i++) {
            s[i] = state;
            state = step(state, raw.charAt(i));
        }
        s[raw.length()] = state;
        return s;
    }

    private static Finding span(Finding f, int start, int end) {
        return new Finding(f.scanner(), f.code(), f.score(), start, end, f.label());
    }

    private static int[] put(int[] a, int i, int value) {
        if (i >= a.length) {
            a = Arrays.copyOf(a, a.length * 2 + 8);
        }
        a[i] = value;
        return a;
    }

    private static int[] identity(int n) {
        int[] at = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            at[i] = i;
        }
        return at;
    }

    private static boolean hex4(String s, int from) {
        for (int i = from; i < from + 4; i++) {
            if (!hex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
