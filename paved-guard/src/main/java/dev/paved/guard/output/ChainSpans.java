package dev.paved.guard.output;

import dev.paved.guard.Finding;
import dev.paved.guard.GuardChain;
import java.util.ArrayList;
import java.util.List;

/**
 * The located findings of every scanner of a chain run, as spans of the text the chain was given. Each scanner
 * sees the text as redacted by the ones before it, so a later scanner's offsets are mapped back through the
 * earlier rewrites: a rewrite is taken as one changed region (between the common prefix and suffix of its input
 * and output), and an offset inside it widens to the whole region, so mapped spans may be wider than the value,
 * never narrower.
 */
final class ChainSpans {
    private ChainSpans() {
    }

    /** A span {@code [start, end)} of the scanned text. */
    record Span(int start, int end) {
    }

    /** One scanner's rewrite: the text kept before and after the changed region, and the lengths before and after. */
    private record Rewrite(int prefix, int suffix, int inLength, int outLength) {
        int back(int x, boolean end) {
            if (x <= prefix) {
                return x;
            }
            if (x >= outLength - suffix) {
                return x - outLength + inLength;
            }
            return end ? inLength - suffix : prefix;
        }
    }

    static List<Span> of(GuardChain.Outcome outcome, String text) {
        List<Span> spans = new ArrayList<>();
        List<Rewrite> rewrites = new ArrayList<>();
        String input = text;
        for (GuardChain.Step step : outcome.steps()) {
            for (Finding f : step.result().findings()) {
                if (!f.positional()) {
                    continue;
                }
                int start = f.start();
                int end = f.end();
                for (int k = rewrites.size() - 1; k >= 0; k--) {
                    start = rewrites.get(k).back(start, false);
                    end = rewrites.get(k).back(end, true);
                }
                spans.add(new Span(start, end));
            }
            String output = step.result().text();
            if (!output.equals(input)) {
                rewrites.add(rewrite(input, output));
            }
            input = output;
        }
        return spans;
    }

    private static Rewrite rewrite(String in, String out) {
        int max = Math.min(in.length(), out.length());
        int prefix = 0;
        while (prefix < max && in.charAt(prefix) == out.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix && in.charAt(in.length() - 1 - suffix) == out.charAt(out.length() - 1 - suffix)) {
            suffix++;
        }
        return new Rewrite(prefix, suffix, in.length(), out.length());
    }
}
