package dev.paved.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.gateway.wire.Json;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {
    private final TokenEstimator tokens = new TokenEstimator();

    @Test
    void countsRealBpeTokens() {
        assertThat(tokens.count("hello world")).isEqualTo(2);
        assertThat(tokens.count("")).isZero();
    }

    @Test
    void promptCountCoversSystemMessagesPartsAndTools() {
        var small = Json.parseOrNull("{\"messages\":[{\"role\":\"user\",\"content\":\"hello world\"}]}");
        var big = Json.parseOrNull("{\"system\":\"be brief\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello world\"}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}");
        int s = tokens.countPrompt(small);
        assertThat(s).isEqualTo(3 + 3 + 2);
        assertThat(tokens.countPrompt(big)).isGreaterThan(s + 5);
    }
}
