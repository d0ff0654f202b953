package dev.paved.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PromptCacheBreakpointsTest {
    private static ObjectNode parse(String json) {
        return (ObjectNode) Json.parseOrNull(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void longSystemPromptAndLastToolGetBreakpoints() {
        String system = "You are a support agent. ".repeat(200);
        ObjectNode req = parse("{\"model\":\"c\",\"system\":\"" + system + "\",\"tools\":[{\"name\":\"a\",\"input_schema\":{}},"
                + "{\"name\":\"b\",\"input_schema\":{}}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(PromptCacheBreakpoints.apply(req)).isEqualTo(2);
        assertThat(req.get("system").get(0).get("text").asText()).isEqualTo(system);
        assertThat(req.get("system").get(0).get("cache_control").get("type").asText()).isEqualTo("ephemeral");
        assertThat(req.get("tools").get(1).has("cache_control")).isTrue();
        assertThat(req.get("tools").get(0).has("cache_control")).isFalse();
        assertThat(req.get("messages").toString()).doesNotContain("cache_control");
    }

    @Test
    void shortPrefixesAndRequestsWithTheirOwnBreakpointsAreLeftAlone() {
        ObjectNode shortOne = parse("{\"system\":\"be brief\",\"messages\":[]}");
        assertThat(PromptCacheBreakpoints.apply(shortOne)).isZero();
        assertThat(shortOne.get("system").isTextual()).isTrue();
        String own = "{\"system\":[{\"type\":\"text\",\"text\":\"" + "x".repeat(5000)
                + "\",\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":[]}";
        ObjectNode marked = parse(own);
        assertThat(PromptCacheBreakpoints.apply(marked)).isZero();
        assertThat(marked.toString()).isEqualTo(parse(own).toString());
    }
}
