package dev.paved.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.gateway.WireFormat;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class StreamRelaysTest {
    private static final String CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}]}\n\n";
    private static final String FINISH = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    private static final String USAGE = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    @Test
    void passthroughForwardsBytesUntouchedWhenCallerAskedForUsage() {
        StreamRelay relay = StreamRelays.create(WireFormat.OPENAI, WireFormat.OPENAI, "a", true);
        Buffer in = Buffer.buffer(CHUNK + FINISH + USAGE + DONE);
        assertThat(relay.onChunk(in)).isSameAs(in);
        relay.onEnd();
        assertThat(relay.usage().inputTokens()).isEqualTo(5);
        assertThat(relay.usage().outputTokens()).isEqualTo(2);
        assertThat(relay.sawToken()).isTrue();
        assertThat(relay.complete()).isTrue();
    }

    @Test
    void passthroughHidesTheForcedUsageChunkButStillCountsIt() {
        StreamRelay relay = StreamRelays.create(WireFormat.OPENAI, WireFormat.OPENAI, "a", false);
        StringBuilder out = new StringBuilder();
        for (String part : new String[] {CHUNK.substring(0, 10), CHUNK.substring(10) + FINISH, USAGE, DONE}) {
            Buffer b = relay.onChunk(Buffer.buffer(part));
            if (b != null) {
                out.append(b.toString());
            }
        }
        assertThat(out.toString()).contains("\"content\":\"hi\"").contains("[DONE]").doesNotContain("prompt_tokens");
        assertThat(relay.usage().totalTokens()).isEqualTo(7);
    }

    @Test
    void translatingRelayTurnsOpenAiChunksIntoAnthropicEvents() {
        StreamRelay relay = StreamRelays.create(WireFormat.ANTHROPIC, WireFormat.OPENAI, "claude-alias", false);
        String out = relay.onChunk(Buffer.buffer(CHUNK + FINISH + USAGE + DONE)).toString();
        Buffer tail = relay.onEnd();
        String all = out + (tail == null ? "" : tail.toString());
        assertThat(all).contains("event: message_start").contains("text_delta").contains("event: message_stop");
        assertThat(all.indexOf("message_start")).isLessThan(all.indexOf("content_block_delta"));
        assertThat(relay.usage().outputTokens()).isEqualTo(2);
        assertThat(relay.complete()).isTrue();
    }
}
