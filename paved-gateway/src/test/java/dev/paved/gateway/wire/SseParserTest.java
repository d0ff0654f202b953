package dev.paved.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private static final String MIXED = ": keep-alive comment\r\n"
            + "event: message_start\r\n"
            + "data: {\"text\":\"wörld 👋 中文\"}\r\n"
            + "\r\n"
            + "data:no-space\n"
            + "data:  two spaces\n"
            + "\n"
            + "event: multi\r"
            + "data: line one\r"
            + "data: line two\r"
            + "id: 7\r"
            + "retry: 1000\r"
            + "\r"
            + "data: [DONE]\n\n";

    private static final List<SseEvent> MIXED_EVENTS = List.of(
            new SseEvent("message_start", "{\"text\":\"wörld 👋 中文\"}"),
            new SseEvent(null, "no-space\n two spaces"),
            new SseEvent("multi", "line one\nline two"),
            SseEvent.DONE);

    private static List<SseEvent> parse(String s) {
        SseParser p = new SseParser();
        List<SseEvent> out = new ArrayList<>(p.feed(s.getBytes(StandardCharsets.UTF_8)));
        out.addAll(p.finish());
        return out;
    }

    @Test
    void parsesAllLineEndingsCommentsAndFields() {
        assertThat(parse(MIXED)).containsExactlyElementsOf(MIXED_EVENTS);
    }

    @Test
    void splitAtEveryByteOffsetGivesTheSameEvents() {
        byte[] all = MIXED.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= all.length; cut++) {
            SseParser p = new SseParser();
            List<SseEvent> out = new ArrayList<>(p.feed(Arrays.copyOfRange(all, 0, cut)));
            out.addAll(p.feed(Arrays.copyOfRange(all, cut, all.length)));
            out.addAll(p.finish());
            assertThat(out).as("split at byte %d", cut).containsExactlyElementsOf(MIXED_EVENTS);
        }
    }

    @Test
    void splitAtEveryPairOfOffsetsGivesTheSameEvents() {
        byte[] all = MIXED.getBytes(StandardCharsets.UTF_8);
        for (int a = 0; a <= all.length; a++) {
            for (int b = a; b <= all.length; b++) {
                SseParser p = new SseParser();
                List<SseEvent> out = new ArrayList<>();
                p.feed(all, 0, a, out::add);
                p.feed(all, a, b - a, out::add);
                p.feed(all, b, all.length - b, out::add);
                assertThat(out).as("split at %d and %d", a, b).containsExactlyElementsOf(MIXED_EVENTS);
            }
        }
    }

    @Test
    void oneByteAtATimeAcrossWholeFixture() {
        byte[] all = Fixtures.bytes("anthropic-stream-tools.sse");
        SseParser p = new SseParser();
        List<SseEvent> out = new ArrayList<>();
        for (byte b : all) {
            out.addAll(p.feed(new byte[] {b}));
        }
        assertThat(out).containsExactlyElementsOf(Fixtures.sse("anthropic-stream-tools.sse"));
        assertThat(out).hasSize(16);
        assertThat(out.get(0).event()).isEqualTo("message_start");
        assertThat(out.get(out.size() - 1)).isEqualTo(new SseEvent("message_stop", "{\"type\":\"message_stop\"}"));
    }

    @Test
    void crLfSplitBetweenCrAndLfDoesNotMakeAnExtraBlankLine() {
        SseParser p = new SseParser();
        List<SseEvent> out = new ArrayList<>(p.feed("data: a\r".getBytes(StandardCharsets.UTF_8)));
        out.addAll(p.feed("\ndata: b\r".getBytes(StandardCharsets.UTF_8)));
        out.addAll(p.feed("\n\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(out).containsExactly(new SseEvent(null, "a\nb"));
    }

    @Test
    void eventWithoutDataIsNotDispatchedAndItsNameDoesNotLeak() {
        assertThat(parse("event: ping\n\ndata: x\n\n")).containsExactly(new SseEvent(null, "x"));
    }

    @Test
    void emptyDataLineDispatchesEmptyData() {
        assertThat(parse("data:\n\n")).containsExactly(new SseEvent(null, ""));
        assertThat(parse("data\n\n")).containsExactly(new SseEvent(null, ""));
        assertThat(parse("data: a\ndata:\n\n")).containsExactly(new SseEvent(null, "a\n"));
    }

    @Test
    void unknownFieldsAndCommentsAreIgnored() {
        assertThat(parse(":comment\nfoo: bar\ndata: x\n: another\n\n")).containsExactly(new SseEvent(null, "x"));
    }

    @Test
    void incompleteEventWaitsForBlankLineUntilFinish() {
        SseParser p = new SseParser();
        assertThat(p.feed("event: e\ndata: partial".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(p.finish()).containsExactly(new SseEvent("e", "partial"));
        assertThat(p.finish()).isEmpty();
    }

    @Test
    void skipsUtf8ByteOrderMarkAtStart() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] rest = "data: x\n\n".getBytes(StandardCharsets.UTF_8);
        SseParser p = new SseParser();
        assertThat(p.feed(bom)).isEmpty();
        assertThat(p.feed(rest)).containsExactly(new SseEvent(null, "x"));
    }

    @Test
    void encodeThenParseIsIdentity() {
        List<SseEvent> events = List.of(new SseEvent("a", "x\ny\n\nz"), new SseEvent(null, ""),
                new SseEvent("b", " leading space"), new SseEvent(null, "中文 👋\r\nend"));
        SseParser p = new SseParser();
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent e : events) {
            out.addAll(p.feed(e.encode()));
        }
        assertThat(out).containsExactly(events.get(0), events.get(1), events.get(2), new SseEvent(null, "中文 👋\nend"));
    }

    @Test
    void rejectsLinesOverTheSizeLimit() {
        SseParser p = new SseParser(16);
        assertThat(p.feed("data: 0123456789\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(p.feed("\ndata: 0123456789".getBytes(StandardCharsets.UTF_8))).hasSize(1);
        assertThatThrownBy(() -> p.feed("ABC".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PavedException.class)
                .satisfies(e -> assertThat(((PavedException) e).kind()).isEqualTo(ErrorKind.UPSTREAM));
    }

    @Test
    void rejectsEventsWhoseDataLinesAddUpOverTheLimit() {
        SseParser p = new SseParser(16);
        assertThatThrownBy(() -> p.feed("data: 0123456789\ndata: 0123456789\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PavedException.class);
    }
}
