package dev.paved.guard.output;

import dev.paved.guard.GuardChain;
import dev.paved.guard.Redactions;
import dev.paved.guard.ScanContext;
import dev.paved.guard.injection.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The output stage for one streamed text (one choice, one content block): a hold-back buffer. Deltas are
 * appended to the pending text; only the prefix that can no longer be part of a value a scanner looks for is
 * released, after the output chain has scanned it with the released text before it as left context. What
 * is released is therefore redacted (the same value gets the same placeholder as anywhere else in the
 * request, since the placeholder map is the request's) and, when the chain blocks, nothing of the offending
 * text has been released. With {@code restore}, the request's placeholders in the released text are put back
 * for the caller; a placeholder is one run, so it is never released in two parts.
 *
 * <p>Where to cut is first judged from the text ({@link ReleasePoint}: the open word, and groups of digits or
 * capitals that may still be one value), then checked against the chain itself: it runs on the released context
 * and the text to release with a throw-away placeholder map, and a value it finds that reaches the end of that
 * text is held from its start, as it may go on (a PEM private key block is held this way until its end line).
 * That run uses a fork of the request's placeholder map: when nothing had to be held back, the fork's placeholders
 * are adopted and the run is the scan of the released text; otherwise they are dropped (a value only gets its
 * placeholder once it is complete) and the chain runs again on the shorter text. Held text is not scanned while
 * it waits. Words that may begin a multi-word phrase a scanner blocks are held too ({@link dev.paved.guard.PhrasePrefixes}).
 *
 * <p>A JSON text (tool-call arguments, streamed in fragments) is scanned through {@link JsonText}: the scanners see
 * its strings decoded, a value is replaced so that the fragments still make up valid JSON, a quote or bracket ends a
 * word, and a release point is never inside an escape; restored values are escaped for the string they are put in.
 *
 * <p>Not thread-safe: one instance per streamed text, fed in order.
 */
public final class StreamRedactor {
    /** Characters of released text the scanners see to the left of the text being released. */
    public static final int CONTEXT = 256;
    private static final Pattern PLACEHOLDER_NUMBER = Pattern.compile("(\\[[A-Z][A-Z_]*)_\\d{1,6}]");

    private final GuardChain chain;
    private final ScanContext scan;
    private final boolean restore;
    private final boolean json;
    private final StringBuilder pending = new StringBuilder();
    /** The redacted released text (before restoring), its last few hundred characters. */
    private final StringBuilder released = new StringBuilder();
    /** JSON only: the lexer state at the start of {@link #released}, at its end (where pending text starts), and at the start of the last context. */
    private int releasedStart = JsonText.OUTSIDE;
    private int releasedEnd = JsonText.OUTSIDE;
    private int contextState = JsonText.OUTSIDE;
    private boolean blocked;

    /**
     * @param chain   the output scanners; may be empty when only {@code restore} is wanted
     * @param scan    the request's context, whose placeholder map is shared with the other stages
     * @param restore put the request's placeholders back into the released text
     */
    public StreamRedactor(GuardChain chain, ScanContext scan, boolean restore) {
        this(chain, scan, restore, false);
    }

    /** @param json the text is JSON (tool-call arguments), scanned and redacted as {@link JsonText} does */
    public StreamRedactor(GuardChain chain, ScanContext scan, boolean restore, boolean json) {
        this.chain = chain;
        this.scan = scan;
        this.restore = restore;
        this.json = json;
    }

    /**
     * What a call released.
     *
     * @param text       the text to send now (redacted, restored when asked); empty when everything is held
     * @param outcomes   the chain runs on the released text, for reporting
     * @param probeNanos time spent checking the held tail
     * @param blocked    true when the chain blocked: nothing more is released, ever
     */
    public record Release(String text, List<GuardChain.Outcome> outcomes, long probeNanos, boolean blocked) {
        static final Release NOTHING = new Release("", List.of(), 0, false);
        static final Release BLOCKED = new Release("", List.of(), 0, true);
    }

    /** Appends {@code delta} and releases what is safe to send. */
    public Release feed(String delta) {
        if (blocked) {
            return Release.BLOCKED;
        }
        pending.append(delta);
        CharSequence words = json ? JsonText.boundaries(pending, releasedEnd) : pending;
        int cut = chain.isEmpty() ? ReleasePoint.openStart(words) : chain.phrases().hold(words, ReleasePoint.releasable(words), TextNormalizer::fold);
        if (json) {
            cut = JsonText.settledCut(pending, releasedEnd, cut);
        }
        if (cut == 0) {
            return Release.NOTHING;
        }
        if (chain.isEmpty() || isBlank(pending, 0, cut)) {
            return release(cut, new ArrayList<>(1), 0);
        }
        String context = context();
        String probed = context + pending.substring(0, cut);
        Redactions trial = scan.redactions().fork();
        GuardChain.Outcome probe = run(probed, contextState, new ScanContext(scan.tenantId(), scan.featureId(), scan.stage(), scan.modelAlias(), trial));
        if (probe.result().findings().isEmpty()) {
            return release(cut, probe); // nothing found: the text is released as it is
        }
        int held = moveBeforeFoundValues(probe, probed, context.length(), cut);
        if (held == cut && scan.redactions().adopt(trial)) {
            return scanned(cut, context, probe, new ArrayList<>(2), 0); // the trial run was on the text to release: it counts
        }
        long probeNanos = nanos(probe);
        return held == 0 ? new Release("", List.of(), probeNanos, false) : release(held, new ArrayList<>(2), probeNanos);
    }

    /** Releases all pending text: the text ended. */
    public Release flush() {
        if (blocked) {
            return Release.BLOCKED;
        }
        if (pending.isEmpty()) {
            return Release.NOTHING;
        }
        return release(pending.length(), new ArrayList<>(2), 0);
    }

    public boolean blocked() {
        return blocked;
    }

    /** Characters held back right now. */
    public int held() {
        return pending.length();
    }

    /**
     * The release point moved before every value the chain found in the text to release that reaches its end,
     * white space aside (it may go on, also on the next line: a PEM block), or that a moved point would cut.
     */
    private static int moveBeforeFoundValues(GuardChain.Outcome probe, String probed, int contextLength, int cut) {
        List<ChainSpans.Span> spans = ChainSpans.of(probe, probed);
        if (spans.isEmpty()) {
            return cut;
        }
        int partEnd = probed.length();
        while (partEnd > contextLength && Character.isWhitespace(probed.charAt(partEnd - 1))) {
            partEnd--;
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            for (ChainSpans.Span s : spans) {
                if (s.start() < contextLength) {
                    continue; // it began in text already released: nothing to hold any more
                }
                int start = s.start() - contextLength;
                int end = s.end() - contextLength;
                if (start < cut && (end > cut || s.end() >= partEnd)) {
                    cut = start;
                    moved = true;
                }
            }
        }
        return cut;
    }

    /** Releases the first {@code cut} pending characters unchanged: {@code probe} found nothing in them or after them. */
    private Release release(int cut, GuardChain.Outcome probe) {
        String part = pending.substring(0, cut);
        pending.delete(0, cut);
        return sent(part, List.of(probe), 0);
    }

    private Release release(int cut, List<GuardChain.Outcome> outcomes, long probeNanos) {
        if (chain.isEmpty() || isBlank(pending, 0, cut)) {
            String part = pending.substring(0, cut);
            pending.delete(0, cut);
            return sent(part, outcomes, probeNanos);
        }
        String context = context();
        return scanned(cut, context, run(context + pending.substring(0, cut), contextState, scan), outcomes, probeNanos);
    }

    /** The chain's run on {@code text}, which starts in JSON lexer state {@code state} when the text is JSON. */
    private GuardChain.Outcome run(String text, int state, ScanContext ctx) {
        return json ? JsonText.run(chain, text, state, ctx) : chain.run(text, ctx);
    }

    /** Releases the first {@code cut} pending characters as {@code o}, the chain's run on them after {@code context}, has them. */
    private Release scanned(int cut, String context, GuardChain.Outcome o, List<GuardChain.Outcome> outcomes, long probeNanos) {
        String part = pending.substring(0, cut);
        pending.delete(0, cut);
        String out = o.result().text();
        if (!o.blocked() && !out.startsWith(context)) {
            // A value reached back into text already sent (nothing held it); scan the new part on its own.
            probeNanos += nanos(o);
            o = run(part, releasedEnd, scan);
            out = context + o.result().text();
        }
        outcomes.add(o);
        if (o.blocked()) {
            return block(outcomes, probeNanos);
        }
        return sent(out.substring(context.length()), outcomes, probeNanos);
    }

    private Release sent(String redacted, List<GuardChain.Outcome> outcomes, long probeNanos) {
        released.append(redacted);
        if (json) {
            releasedEnd = JsonText.state(redacted, 0, redacted.length(), releasedEnd);
        }
        if (released.length() > 4 * CONTEXT) {
            int drop = released.length() - 2 * CONTEXT;
            if (json) {
                releasedStart = JsonText.state(released, 0, drop, releasedStart);
            }
            released.delete(0, drop);
        }
        String text = !restore ? redacted : json ? scan.redactions().restore(redacted, JsonText::escape) : scan.redactions().restore(redacted);
        return new Release(text, outcomes, probeNanos, false);
    }

    private Release block(List<GuardChain.Outcome> outcomes, long probeNanos) {
        blocked = true;
        pending.setLength(0);
        return new Release("", outcomes, probeNanos, true);
    }

    /**
     * The last {@link #CONTEXT} released characters, starting after a white space so that no word is cut, with
     * the numbers of placeholders left out ({@code [EMAIL]}): scanners need the words before new text, and digits
     * in placeholders would only make the number detectors look at every released placeholder again.
     */
    private String context() {
        int from = Math.max(0, released.length() - CONTEXT);
        if (from > 0) {
            for (int i = from; i < released.length(); i++) {
                if (Character.isWhitespace(released.charAt(i))) {
                    from = i + 1;
                    break;
                }
            }
        }
        if (json) {
            int state = JsonText.state(released, 0, from, releasedStart);
            while (!JsonText.settled(state) && from < released.length()) {
                state = JsonText.step(state, released.charAt(from++));
            }
            contextState = state;
        }
        String tail = released.substring(from);
        return tail.indexOf('[') < 0 ? tail : PLACEHOLDER_NUMBER.matcher(tail).replaceAll("$1]");
    }

    private static long nanos(GuardChain.Outcome o) {
        long n = 0;
        for (GuardChain.Step s : o.steps()) {
            n += s.nanos();
        }
        return n;
    }

    private static boolean isBlank(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
