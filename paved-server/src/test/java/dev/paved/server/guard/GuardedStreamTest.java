package dev.paved.server.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.SseEvent;
import dev.paved.gateway.wire.SseParser;
import dev.paved.guard.Action;
import dev.paved.guard.DetectorScanner;
import dev.paved.guard.GuardChain;
import dev.paved.guard.ScanContext;
import dev.paved.guard.Stage;
import dev.paved.guard.pii.PiiDetector;
import dev.paved.guard.pii.PiiType;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link GuardedStream} on the bytes of whole streams, cut into writes at random places (also inside UTF-8 characters). */
class GuardedStreamTest {
    private static final GuardChain REDACT = new GuardChain(List.of(
            new DetectorScanner("pii", new PiiDetector(EnumSet.allOf(PiiType.class), "US"), Action.REDACT, 0.5)));
    private static final GuardChain BLOCK_SECRETS = new GuardChain(List.of(
            new DetectorScanner("secrets", new PiiDetector(EnumSet.of(PiiType.SECRET), "US"), Action.BLOCK, 0.5)));
    private static final String TEXT = "Schön: mail jane.doe@example.org, card 4111 1111 1111 1111, key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789.";
    private static final String REDACTED = "Schön: mail [EMAIL_1], card [CREDIT_CARD_1], key [SECRET_1].";

    private static List<String> pieces(String text, int size) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            out.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return out;
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":7,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":"
                + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}\n\n";
    }

    private static String openAiStream(List<String> pieces) {
        StringBuilder s = new StringBuilder(chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null"));
        for (int i = 0; i < pieces.size(); i++) {
            s.append(chunk("{\"content\":" + Json.write(Json.MAPPER.valueToTree(pieces.get(i))) + "}", "null"));
            if (i == 2) {
                s.append(": keep-alive\n\n");
            }
        }
        s.append(chunk("{}", "\"stop\""));
        s.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":7,\"model\":\"m\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":9,\"total_tokens\":12}}\n\n");
        return s.append("data: [DONE]\n\n").toString();
    }

    /** A ping in the middle of the e-mail address: passing it must not release the address's first part. */
    private static String anthropicStream(List<String> pieces) {
        int pingAfter = (TEXT.indexOf("jane") + 3) / pieces.get(0).length();
        StringBuilder s = new StringBuilder();
        s.append("event: message_start\r\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[]}}\r\n\r\n");
        s.append("event: content_block_start\r\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\r\n\r\n");
        for (int i = 0; i < pieces.size(); i++) {
            s.append("event: content_block_delta\r\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":")
                    .append(Json.write(Json.MAPPER.valueToTree(pieces.get(i)))).append("}}\r\n\r\n");
            if (i == pingAfter) {
                s.append("event: ping\r\ndata: {\"type\":\"ping\"}\r\n\r\n");
            }
        }
        s.append("event: content_block_stop\r\ndata: {\"type\":\"content_block_stop\",\"index\":0}\r\n\r\n");
        s.append("event: message_delta\r\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}\r\n\r\n");
        return s.append("event: message_stop\r\ndata: {\"type\":\"message_stop\"}\r\n\r\n").toString();
    }

    /** The stream's bytes through a fresh {@link GuardedStream}, written in random slices. */
    private static String run(WireFormat format, GuardChain chain, String stream, Random random, GuardedStream[] out) {
        GuardedStream g = new GuardedStream(format, chain, ScanContext.of(Stage.OUTPUT), false, new StageTally("output"));
        out[0] = g;
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        Buffer sent = Buffer.buffer();
        for (int i = 0; i < bytes.length; ) {
            int n = Math.min(bytes.length - i, 1 + random.nextInt(40));
            sent.appendBuffer(g.rewrite(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i, i + n))));
            i += n;
            if (g.blocked()) {
                break;
            }
        }
        if (!g.blocked()) {
            sent.appendBuffer(g.finish());
        }
        return sent.toString(StandardCharsets.UTF_8);
    }

    private static List<SseEvent> events(String body) {
        List<SseEvent> out = new ArrayList<>(new SseParser().feed(body.getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void openAiChunksAreRewrittenAndTheRestPassesInOrder() {
        Random random = new Random(3);
        for (int size : new int[] {1, 2, 3, 5, 8, 13}) {
            GuardedStream[] g = new GuardedStream[1];
            String upstream = openAiStream(pieces(TEXT, size));
            String body = run(WireFormat.OPENAI, REDACT, upstream, random, g);
            assertThat(body).doesNotContain("jane").doesNotContain("4111").doesNotContain("sk-proj").contains(": keep-alive\n\n");
            StringBuilder text = new StringBuilder();
            List<String> others = new ArrayList<>();
            for (SseEvent e : events(body)) {
                JsonNode n = e.isDone() ? null : Json.parseOrNull(e.data());
                if (n != null && n.path("choices").size() == 1 && n.at("/choices/0/delta/content").isTextual()
                        && n.at("/choices/0/finish_reason").isNull() && !n.at("/choices/0/delta/role").isTextual()) {
                    assertThat(n.path("id").asText()).isEqualTo("chatcmpl-1");
                    assertThat(n.path("created").asInt()).isEqualTo(7);
                    assertThat(n.path("model").asText()).isEqualTo("m");
                    assertThat(n.path("object").asText()).isEqualTo("chat.completion.chunk");
                    text.append(n.at("/choices/0/delta/content").asText());
                } else {
                    assertThat(text.length() == 0 || text.toString().equals(REDACTED) || e.data().contains("role"))
                            .as("%s after %s", e.data(), text).isTrue();
                    others.add(e.data());
                }
            }
            assertThat(text.toString()).as("pieces of %d", size).isEqualTo(REDACTED);
            List<String> upstreamOthers = new ArrayList<>();
            for (SseEvent e : events(upstream)) {
                if (!e.data().contains("\"content\":\"") || e.data().contains("\"content\":\"\"")) {
                    upstreamOthers.add(e.data());
                }
            }
            assertThat(others).as("events without text, unchanged and in order").isEqualTo(upstreamOthers);
        }
    }

    @Test
    void anthropicTextDeltasAreRewrittenAndPingsDoNotCutHeldText() {
        Random random = new Random(4);
        for (int size : new int[] {1, 2, 4, 7, 11}) {
            GuardedStream[] g = new GuardedStream[1];
            String upstream = anthropicStream(pieces(TEXT, size));
            String body = run(WireFormat.ANTHROPIC, REDACT, upstream, random, g);
            assertThat(body).doesNotContain("jane").doesNotContain("4111").doesNotContain("sk-proj");
            StringBuilder text = new StringBuilder();
            List<String> names = new ArrayList<>();
            for (SseEvent e : events(body)) {
                names.add(e.event());
                JsonNode n = Json.parseOrNull(e.data());
                assertThat(n.path("type").asText()).isEqualTo(e.event());
                if (e.event().equals("content_block_delta")) {
                    assertThat(n.path("index").asInt()).isZero();
                    text.append(n.at("/delta/text").asText());
                }
            }
            assertThat(text.toString()).as("pieces of %d", size).isEqualTo(REDACTED);
            List<String> framing = names.stream().filter(n -> !n.equals("content_block_delta")).toList();
            assertThat(framing).containsExactly("message_start", "content_block_start", "ping", "content_block_stop", "message_delta", "message_stop");
            assertThat(names.get(names.size() - 4)).as("held text is released before the block stops").isEqualTo("content_block_delta");
        }
    }

    @Test
    void aBlockStopsBeforeTheValueAndNothingFollows() {
        Random random = new Random(5);
        for (WireFormat format : new WireFormat[] {WireFormat.OPENAI, WireFormat.ANTHROPIC}) {
            for (int size : new int[] {1, 3, 6}) {
                GuardedStream[] g = new GuardedStream[1];
                String upstream = format == WireFormat.OPENAI ? openAiStream(pieces(TEXT, size)) : anthropicStream(pieces(TEXT, size));
                String body = run(format, BLOCK_SECRETS, upstream, random, g);
                assertThat(g[0].blocked()).isTrue();
                assertThat(body).doesNotContain("sk-").doesNotContain("[DONE]").doesNotContain("message_stop").doesNotContain("finish_reason\":\"stop");
                StringBuilder text = new StringBuilder();
                for (SseEvent e : events(body)) {
                    JsonNode n = Json.parseOrNull(e.data());
                    text.append(format == WireFormat.OPENAI ? n.at("/choices/0/delta/content").asText("") : n.at("/delta/text").asText(""));
                }
                assertThat(TEXT.substring(0, TEXT.indexOf("sk-"))).startsWith(text.toString());
                assertThat(text.toString()).contains("jane.doe@example.org"); // blocking secrets only: the rest passes
            }
        }
    }

    @Test
    void aChunkThatCarriesTheRoleAndTextKeepsTheRoleAndTextFinishingAChunkIsReleasedFirst() {
        GuardedStream g = new GuardedStream(WireFormat.OPENAI, REDACT, ScanContext.of(Stage.OUTPUT), false, new StageTally("output"));
        Buffer out = g.rewrite(Buffer.buffer(chunk("{\"role\":\"assistant\",\"content\":\"Mail jane@exa\"}", "null")));
        out.appendBuffer(g.rewrite(Buffer.buffer(chunk("{\"content\":\"mple.org\"}", "\"stop\""))));
        List<SseEvent> events = events(out.toString(StandardCharsets.UTF_8));
        assertThat(events).hasSize(4);
        ObjectNode first = (ObjectNode) Json.parseOrNull(events.get(0).data());
        assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(first.at("/choices/0/delta/content").asText()).isEmpty();
        assertThat(Json.parseOrNull(events.get(1).data()).at("/choices/0/delta/content").asText()).isEqualTo("Mail ");
        assertThat(Json.parseOrNull(events.get(2).data()).at("/choices/0/delta/content").asText()).isEqualTo("[EMAIL_1]");
        JsonNode last = Json.parseOrNull(events.get(3).data());
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(last.at("/choices/0/delta").has("content")).isFalse();
    }

    private static final String KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
    /** Tool-call arguments with personal data, an escape right before an address, and a card number as a JSON number. */
    private static final String ARGS = "{\"to\":\"jane.doe@example.org\",\"body\":\"Hi,\\njane@example.com paid with\\u00a0card\",\"card\":4111111111111111}";
    private static final String ARGS_REDACTED = "{\"to\":\"[EMAIL_1]\",\"body\":\"Hi,\\n[EMAIL_2] paid with\\u00a0card\",\"card\":\"[CREDIT_CARD_1]\"}";
    private static final String THINKING = "The user wants the key " + KEY + " rotated; mail jane.doe@example.org.";

    private static String openAiToolStream(List<String> args0, List<String> args1) {
        StringBuilder s = new StringBuilder(chunk("{\"role\":\"assistant\",\"content\":null,\"refusal\":null}", "null"));
        List<List<String>> calls = List.of(args0, args1);
        for (int k = 0; k < calls.size(); k++) {
            s.append(chunk("{\"tool_calls\":[{\"index\":" + k + ",\"id\":\"call_" + k + "\",\"type\":\"function\",\"function\":{\"name\":\"send_" + k
                    + "\",\"arguments\":\"\"}}]}", "null"));
            for (String piece : calls.get(k)) {
                s.append(chunk("{\"tool_calls\":[{\"index\":" + k + ",\"function\":{\"arguments\":" + Json.write(Json.MAPPER.valueToTree(piece)) + "}}]}", "null"));
            }
        }
        s.append(chunk("{}", "\"tool_calls\""));
        return s.append("data: [DONE]\n\n").toString();
    }

    private static String anthropicThinkingAndToolStream(List<String> thinking, List<String> args) {
        StringBuilder s = new StringBuilder();
        s.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[]}}\n\n");
        s.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n");
        for (String t : thinking) {
            s.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":")
                    .append(Json.write(Json.MAPPER.valueToTree(t))).append("}}\n\n");
        }
        s.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"c2ln\"}}\n\n");
        s.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        s.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"send\",\"input\":{}}}\n\n");
        for (String a : args) {
            s.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":")
                    .append(Json.write(Json.MAPPER.valueToTree(a))).append("}}\n\n");
        }
        s.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n");
        s.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}\n\n");
        return s.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").toString();
    }

    private static List<String> splitAt(String text, int at) {
        return at == 0 || at == text.length() ? List.of(text) : List.of(text.substring(0, at), text.substring(at));
    }

    @Test
    void openAiToolCallArgumentsAreRedactedPerCallAsValidJsonWhereverTheyAreCut() {
        Random random = new Random(6);
        for (int at = 0; at <= ARGS.length(); at++) {
            List<String> first = at == ARGS.length() ? pieces(ARGS, 1) : splitAt(ARGS, at);
            GuardedStream[] g = new GuardedStream[1];
            String body = run(WireFormat.OPENAI, REDACT, openAiToolStream(first, pieces("{\"cc\":\"bob@example.com\"}", 3)), random, g);
            assertThat(body).doesNotContain("jane").doesNotContain("bob@").doesNotContain("4111");
            StringBuilder[] args = {new StringBuilder(), new StringBuilder()};
            List<String> order = new ArrayList<>();
            for (SseEvent e : events(body)) {
                if (e.isDone()) {
                    order.add("done");
                    continue;
                }
                JsonNode n = Json.parseOrNull(e.data());
                assertThat(n.path("id").asText()).isEqualTo("chatcmpl-1");
                JsonNode call = n.at("/choices/0/delta/tool_calls/0");
                if (call.isMissingNode()) {
                    order.add(n.at("/choices/0/finish_reason").asText("text"));
                    continue;
                }
                int k = call.path("index").asInt();
                if (call.has("id")) {
                    assertThat(call.path("id").asText()).isEqualTo("call_" + k);
                    assertThat(call.at("/function/name").asText()).isEqualTo("send_" + k);
                    assertThat(args[k]).as("the head comes before the arguments").isEmpty();
                    order.add("head" + k);
                } else {
                    order.add("args" + k);
                }
                args[k].append(call.at("/function/arguments").asText());
            }
            assertThat(args[0].toString()).as("cut at %d", at).isEqualTo(ARGS_REDACTED);
            assertThat(Json.parseOrNull(args[0].toString())).isNotNull();
            assertThat(args[1].toString()).isEqualTo("{\"cc\":\"[EMAIL_3]\"}");
            assertThat(String.join(",", order)).matches("text,head0,(args0,)+head1,(args1,)+tool_calls,done");
        }
    }

    @Test
    void anthropicThinkingAndToolInputAreRedactedWhereverTheyAreCut() {
        Random random = new Random(7);
        for (int at = 0; at <= Math.max(ARGS.length(), THINKING.length()); at++) {
            GuardedStream[] g = new GuardedStream[1];
            String upstream = anthropicThinkingAndToolStream(splitAt(THINKING, Math.min(at, THINKING.length())), splitAt(ARGS, Math.min(at, ARGS.length())));
            String body = run(WireFormat.ANTHROPIC, REDACT, upstream, random, g);
            assertThat(body).doesNotContain("jane").doesNotContain("sk-proj").doesNotContain("4111");
            StringBuilder thinking = new StringBuilder();
            StringBuilder input = new StringBuilder();
            List<String> types = new ArrayList<>();
            for (SseEvent e : events(body)) {
                JsonNode n = Json.parseOrNull(e.data());
                String type = n.at("/delta/type").asText(n.path("type").asText());
                if (types.isEmpty() || !types.get(types.size() - 1).equals(type)) {
                    types.add(type);
                }
                switch (type) {
                    case "thinking_delta" -> thinking.append(n.at("/delta/thinking").asText());
                    case "input_json_delta" -> {
                        assertThat(n.path("index").asInt()).isEqualTo(1);
                        input.append(n.at("/delta/partial_json").asText());
                    }
                    default -> { }
                }
            }
            assertThat(thinking.toString()).as("cut at %d", at).isEqualTo("The user wants the key [SECRET_1] rotated; mail [EMAIL_1].");
            assertThat(input.toString()).as("cut at %d", at).isEqualTo(ARGS_REDACTED); // the thinking named jane.doe first: [EMAIL_1] there too
            assertThat(types).containsExactly("message_start", "content_block_start", "thinking_delta", "signature_delta", "content_block_stop",
                    "content_block_start", "input_json_delta", "content_block_stop", "message_delta", "message_stop");
        }
    }

    @Test
    void aSecretInToolArgumentsOrThinkingStopsTheStreamBeforeAnyOfIt() {
        Random random = new Random(8);
        String args = "{\"env\":{\"OPENAI_API_KEY\":\"" + KEY + "\"},\"x\":1}";
        for (int at = 0; at <= args.length(); at += 2) {
            GuardedStream[] g = new GuardedStream[1];
            String body = run(WireFormat.OPENAI, BLOCK_SECRETS, openAiToolStream(splitAt(args, at), List.of("{}")), random, g);
            assertThat(g[0].blocked()).isTrue();
            assertThat(body).doesNotContain("sk-").doesNotContain("head1").doesNotContain("call_1").doesNotContain("[DONE]");
            body = run(WireFormat.ANTHROPIC, BLOCK_SECRETS, anthropicThinkingAndToolStream(splitAt(THINKING, Math.min(at, THINKING.length())), List.of("{}")), random, g);
            assertThat(g[0].blocked()).isTrue();
            assertThat(body).doesNotContain("sk-").doesNotContain("signature_delta").doesNotContain("message_stop");
        }
    }

    @Test
    void openAiReasoningContentIsATextOfItsOwn() {
        GuardedStream g = new GuardedStream(WireFormat.OPENAI, REDACT, ScanContext.of(Stage.OUTPUT), false, new StageTally("output"));
        Buffer out = g.rewrite(Buffer.buffer(chunk("{\"role\":\"assistant\",\"reasoning_content\":\"Mail jane@exa\"}", "null")));
        out.appendBuffer(g.rewrite(Buffer.buffer(chunk("{\"reasoning_content\":\"mple.org now\"}", "null"))));
        out.appendBuffer(g.rewrite(Buffer.buffer(chunk("{\"content\":\"Done.\"}", "null"))));
        out.appendBuffer(g.finish());
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        for (SseEvent e : events(out.toString(StandardCharsets.UTF_8))) {
            JsonNode d = Json.parseOrNull(e.data()).at("/choices/0/delta");
            reasoning.append(d.path("reasoning_content").asText(""));
            content.append(d.path("content").asText(""));
            if (!content.isEmpty()) {
                assertThat(reasoning.toString()).as("the thinking is complete before the answer").isEqualTo("Mail [EMAIL_1] now");
            }
        }
        assertThat(content.toString()).isEqualTo("Done.");
    }
}
