package dev.paved.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Loads the JSON and SSE fixtures under {@code src/test/resources/wire}. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/wire/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode json(String name) {
        return (ObjectNode) Json.parseOrNull(bytes(name));
    }

    static ObjectNode parse(String json) {
        JsonNode node = Json.parseOrNull(json);
        if (!(node instanceof ObjectNode obj)) {
            throw new IllegalArgumentException("not a JSON object: " + json);
        }
        return obj;
    }

    /**
     * Asserts {@code actual} equals the JSON text {@code expected} as a client would read it: the
     * actual tree is written and re-read, so 7L and 7 compare equal.
     */
    static void assertJson(JsonNode actual, String expected) {
        JsonNode want = Json.parseOrNull(expected);
        if (want == null) {
            throw new IllegalArgumentException("expected is not JSON: " + expected);
        }
        assertThat(actual == null ? null : Json.parseOrNull(Json.write(actual))).isEqualTo(want);
    }

    /** The events of an SSE fixture, parsed in one go. */
    static List<SseEvent> sse(String name) {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>(parser.feed(bytes(name)));
        events.addAll(parser.finish());
        return events;
    }

    /** Feeds every event to the translator, then ends the stream; returns all client events. */
    static List<SseEvent> translate(StreamTranslator translator, List<SseEvent> upstream) {
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent e : upstream) {
            out.addAll(translator.onEvent(e));
        }
        out.addAll(translator.onEnd());
        return out;
    }

    /** The data of each event parsed as JSON; {@code [DONE]} is skipped. */
    static List<ObjectNode> data(List<SseEvent> events) {
        List<ObjectNode> out = new ArrayList<>();
        for (SseEvent e : events) {
            if (!e.isDone()) {
                out.add(parse(e.data()));
            }
        }
        return out;
    }
}
