package dev.paved.server.config;

import static dev.paved.server.config.ConfigTestSupport.failure;
import static dev.paved.server.config.ConfigTestSupport.parse;
import static dev.paved.server.config.ConfigTestSupport.problemLines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.core.Pricing;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.config.TargetConfig;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PricingConfigTest {
    @Test
    void readsPricesByModelAndByProviderModel() {
        GatewayConfig g = parse("""
                pricing:
                  gpt-4o-mini: {input: 0.15, output: 0.60, cached: 0.075}
                  anthropic/claude-sonnet-4-5: {input: 3, output: 15, cached: 0.30, cache_write: 3.75}
                """).gateway();
        Pricing mini = g.pricing().get("gpt-4o-mini");
        assertThat(mini.inputPerMillion()).isEqualByComparingTo("0.15");
        assertThat(mini.outputPerMillion()).isEqualByComparingTo("0.60");
        assertThat(mini.cachedInputPerMillion()).isEqualByComparingTo("0.075");
        assertThat(mini.cacheWritePerMillion()).isEqualByComparingTo("0.15");

        Pricing sonnet = g.pricing().get("anthropic/claude-sonnet-4-5");
        assertThat(sonnet).isEqualTo(new Pricing(new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.30"),
                new BigDecimal("3.75")));
        assertThat(g.priceOf(new TargetConfig("anthropic", "claude-sonnet-4-5"))).isSameAs(sonnet);
        assertThat(g.priceOf(new TargetConfig("openai", "gpt-4o-mini"))).isSameAs(mini);
        assertThat(g.priceOf(new TargetConfig("openai", "unpriced"))).isEqualTo(Pricing.FREE);
    }

    @Test
    void pricesAreExactDecimals() {
        Pricing p = parse("pricing:\n  m: {input: 0.1, output: \"0.2\"}\n").gateway().pricing().get("m");
        assertThat(p.inputPerMillion()).isEqualTo(new BigDecimal("0.1"));
        assertThat(p.outputPerMillion()).isEqualTo(new BigDecimal("0.2"));
    }

    @Test
    void modelKeysMayContainSlashesThatAreNotProviders() {
        assertThat(parse("pricing:\n  meta-llama/Llama-3.1-8B-Instruct: {input: 0, output: 0}\n").gateway().pricing())
                .containsKey("meta-llama/Llama-3.1-8B-Instruct");
    }

    @Test
    void priceProblems() {
        ConfigException e = failure("""
                pricing:
                  a: {input: cheap, output: 1}
                  b: {input: -1, output: 1}
                  c: {input: 1}
                  d: {input: 1, ouput: 2}
                  e: {input: $3, output: 1}
                  f: 0.15
                  g: {input: [1], output: 1}
                """);
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:2:14 pricing.a.input: 'cheap' is not a number; write US dollars per 1M tokens, such as 0.15",
                "paved.yaml:3:14 pricing.b.input: price -1 is negative; prices must be 0 or more",
                "paved.yaml:4:3 pricing.c: missing 'output' price (US dollars per 1M tokens)",
                "paved.yaml:5:3 pricing.d: missing 'output' price (US dollars per 1M tokens)",
                "paved.yaml:5:17 pricing.d.ouput: unknown key 'ouput'; valid keys: input, output, cached, cache_write"
                        + " (did you mean 'output'?)",
                "paved.yaml:6:14 pricing.e.input: write prices as plain numbers without '$', such as 0.15",
                "paved.yaml:7:6 pricing.f: expected a mapping of prices (input, output, cached, cache_write), got a number",
                "paved.yaml:8:14 pricing.g.input: expected a single value, got a list");
    }

    @Test
    void misspeltProviderPrefixInPricingKeyIsReported() {
        ConfigException e = failure("""
                providers:
                  anthropic: {type: anthropic, base_url: https://api.anthropic.com}
                pricing:
                  anthropc/claude-sonnet-4-5: {input: 3, output: 15}
                """);
        assertThat(problemLines(e)).containsExactly("paved.yaml:4:3 pricing.anthropc/claude-sonnet-4-5: unknown provider"
                + " 'anthropc' in pricing key; known providers: anthropic, extractive, local (did you mean 'anthropic'?)");
    }
}
