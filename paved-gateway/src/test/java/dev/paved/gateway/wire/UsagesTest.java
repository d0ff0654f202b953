package dev.paved.gateway.wire;

import static dev.paved.gateway.wire.Fixtures.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.core.Usage;
import org.junit.jupiter.api.Test;

class UsagesTest {
    @Test
    void openAiPromptTokensIncludeCachedTokens() {
        Usage u = Usages.fromOpenAi(Fixtures.json("openai-response-tools.json").get("usage"));
        assertThat(u).isEqualTo(new Usage(138, 54, 3072, 0));
        assertThat(u.promptTokens()).isEqualTo(3210);
    }

    @Test
    void openAiWithoutDetailsHasNoCachedTokens() {
        Usage u = Usages.fromOpenAi(Fixtures.parse("{\"prompt_tokens\":9,\"completion_tokens\":12,\"total_tokens\":21}"));
        assertThat(u).isEqualTo(new Usage(9, 12, 0, 0));
    }

    @Test
    void openAiCachedBeyondPromptIsClamped() {
        Usage u = Usages.fromOpenAi(Fixtures.parse(
                "{\"prompt_tokens\":5,\"completion_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":9}}"));
        assertThat(u).isEqualTo(new Usage(0, 1, 5, 0));
    }

    @Test
    void anthropicReadsAllFourCounts() {
        Usage u = Usages.fromAnthropic(Fixtures.json("anthropic-response-tools.json").get("usage"));
        assertThat(u).isEqualTo(new Usage(512, 97, 2048, 1024));
    }

    @Test
    void anthropicNullCacheFieldsCountAsZero() {
        Usage u = Usages.fromAnthropic(Fixtures.parse("{\"input_tokens\":10,\"output_tokens\":3,"
                + "\"cache_creation_input_tokens\":null,\"cache_read_input_tokens\":null}"));
        assertThat(u).isEqualTo(new Usage(10, 3, 0, 0));
    }

    @Test
    void missingOrNullUsageIsNull() {
        assertThat(Usages.fromOpenAi(null)).isNull();
        assertThat(Usages.fromOpenAi(Json.MAPPER.nullNode())).isNull();
        assertThat(Usages.fromAnthropic(null)).isNull();
        assertThat(Usages.fromAnthropic(Fixtures.parse("{\"usage\":null}").get("usage"))).isNull();
    }

    @Test
    void writesOpenAiUsage() {
        assertJson(Usages.toOpenAi(new Usage(512, 97, 2048, 1024)),
                "{\"prompt_tokens\":3584,\"completion_tokens\":97,\"total_tokens\":3681,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":2048}}");
    }

    @Test
    void writesAnthropicUsage() {
        assertJson(Usages.toAnthropic(new Usage(138, 54, 3072, 0)),
                "{\"input_tokens\":138,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":3072,"
                        + "\"output_tokens\":54}");
    }

    @Test
    void roundTripsThroughEachFormat() {
        Usage anthropic = new Usage(512, 97, 2048, 1024);
        assertThat(Usages.fromAnthropic(Usages.toAnthropic(anthropic))).isEqualTo(anthropic);
        Usage openAi = new Usage(138, 54, 3072, 0);
        assertThat(Usages.fromOpenAi(Usages.toOpenAi(openAi))).isEqualTo(openAi);
    }

    @Test
    void messageDeltaUsageReplacesOnlyTheCountsItCarries() {
        Usage start = new Usage(472, 2, 2048, 0);
        assertThat(Usages.mergeAnthropicDelta(start, Fixtures.parse("{\"output_tokens\":12}")))
                .isEqualTo(new Usage(472, 12, 2048, 0));
        assertThat(Usages.mergeAnthropicDelta(start, Fixtures.parse(
                "{\"input_tokens\":500,\"cache_read_input_tokens\":null,\"output_tokens\":30}")))
                .isEqualTo(new Usage(500, 30, 2048, 0));
        assertThat(Usages.mergeAnthropicDelta(null, Fixtures.parse("{\"output_tokens\":7}"))).isEqualTo(Usage.of(0, 7));
        assertThat(Usages.mergeAnthropicDelta(start, null)).isSameAs(start);
    }
}
