package dev.paved.server.guard;

import java.util.Comparator;

/**
 * One text of a streamed answer that the output stage checks on its own: the answer text or the thinking of an
 * OpenAI choice or an Anthropic content block, or the arguments of one tool call (a JSON text).
 *
 * @param index the choice (OpenAI) or content block (Anthropic) index
 * @param tool  the tool call's index within the choice (OpenAI), else -1
 * @param kind  what the text is
 */
record StreamPart(int index, int tool, Kind kind) {
    /** What a part holds; {@code JSON} is tool-call arguments. */
    enum Kind { THINKING, TEXT, JSON }

    /** Choice or block order, then thinking, text and tool calls in order. */
    static final Comparator<StreamPart> ORDER = Comparator.comparingInt(StreamPart::index)
            .thenComparing(StreamPart::kind).thenComparingInt(StreamPart::tool);

    static StreamPart text(int index, Kind kind) {
        return new StreamPart(index, -1, kind);
    }

    static StreamPart toolArguments(int index, int tool) {
        return new StreamPart(index, tool, Kind.JSON);
    }
}
