package dev.paved.server.config;

import static dev.paved.server.config.ConfigTestSupport.failure;
import static dev.paved.server.config.ConfigTestSupport.parse;
import static dev.paved.server.config.ConfigTestSupport.problemLines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.OverflowPolicy;
import dev.paved.gateway.config.ResilienceConfig;
import dev.paved.gateway.config.RoutingStrategy;
import dev.paved.gateway.config.TargetConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoutingConfigTest {
    private static final String PROVIDERS = """
            providers:
              openai: {type: openai, base_url: https://api.openai.com/v1}
              anthropic: {type: anthropic, base_url: https://api.anthropic.com}
            """;

    @Test
    void targetsCarryWeightsRegionsWindowsAndTimeouts() {
        PavedConfig c = parse(PROVIDERS + """
                aliases:
                  chat:
                    strategy: ab
                    overflow: truncate
                    targets:
                      - {provider: openai, model: gpt-4o, weight: 30, tier: frontier, region: EU, context_window: 128000}
                      - provider: anthropic
                        model: claude
                        weight: 70
                        timeouts: {connect: 2s, first_token: 500ms, idle: 20s, total: 1m}
                resilience: {max_retries: 3, open_for: 10s, retry_budget_ratio: 0.5, latency_slo: 800ms}
                """);
        AliasConfig a = c.gateway().aliases().get("chat");
        assertThat(a.strategy()).isEqualTo(RoutingStrategy.AB);
        assertThat(a.overflow()).isEqualTo(OverflowPolicy.TRUNCATE);
        TargetConfig first = a.targets().get(0);
        assertThat(first.weight()).isEqualTo(30);
        assertThat(first.tier()).isEqualTo("frontier");
        assertThat(first.region()).isEqualTo("eu");
        assertThat(first.contextWindow()).isEqualTo(128000);
        TargetConfig second = a.targets().get(1);
        assertThat(second.timeouts().connect()).isEqualTo(Duration.ofSeconds(2));
        assertThat(second.timeouts().firstToken()).isEqualTo(Duration.ofMillis(500));
        assertThat(second.timeouts().idle()).isEqualTo(Duration.ofSeconds(20));
        assertThat(second.timeouts().total()).isEqualTo(Duration.ofMinutes(1));
        ResilienceConfig r = c.gateway().resilience();
        assertThat(r.maxRetries()).isEqualTo(3);
        assertThat(r.openFor()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.retryBudgetRatio()).isEqualTo(0.5);
        assertThat(r.latencySlo()).isEqualTo(Duration.ofMillis(800));
        assertThat(r.consecutiveFailures()).isEqualTo(ResilienceConfig.DEFAULTS.consecutiveFailures());
    }

    @Test
    void defaultsAreFallbackRejectAndTheDefaultResilience() {
        PavedConfig c = parse(PROVIDERS + "aliases:\n  chat: openai/gpt-4o\n");
        assertThat(c.gateway().aliases().get("chat").strategy()).isEqualTo(RoutingStrategy.FALLBACK);
        assertThat(c.gateway().aliases().get("chat").overflow()).isEqualTo(OverflowPolicy.REJECT);
        assertThat(c.gateway().resilience()).isEqualTo(ResilienceConfig.DEFAULTS);
    }

    @Test
    void badRoutingValuesNameTheLineAndTheFix() {
        assertThat(problemLines(failure(PROVIDERS + """
                aliases:
                  a: {strategy: weigthed, targets: [openai/gpt-4o]}
                  b: {overflow: cut, targets: [openai/gpt-4o]}
                  c: {targets: [{provider: openai, model: m, weight: -1, tier: huge, context_window: 0}]}
                  d: {targets: [{provider: openai, model: m, timeouts: {first_byte: 1s, total: 10}}]}
                  e: {strategy: weighted, targets: [{provider: openai, model: m, weight: 0}]}
                resilience: {max_retries: 50, failure_rate: 0, retry_budget_ratio: lots, open_for: 1x, retries: 3}
                """))).containsExactly(
                "paved.yaml:5:17 aliases.a.strategy: unknown strategy 'weigthed'; valid: fallback, weighted, ab (did you mean 'weighted'?)",
                "paved.yaml:6:17 aliases.b.overflow: unknown overflow 'cut'; valid: reject, truncate",
                "paved.yaml:7:54 aliases.c.targets[0].weight: weight must be between 0 and 1000000, not -1",
                "paved.yaml:7:64 aliases.c.targets[0].tier: unknown tier 'huge'; valid: small, mid, frontier",
                "paved.yaml:7:86 aliases.c.targets[0].context_window: context_window must be between 1 and 100000000, not 0",
                "paved.yaml:8:57 aliases.d.targets[0].timeouts.first_byte: unknown key 'first_byte'; valid keys: connect, first_token,"
                        + " idle, total",
                "paved.yaml:8:80 aliases.d.targets[0].timeouts.total: '10' is not a duration; write a whole number with a unit: ms, s, m"
                        + " or h, such as 500ms, 30s, 2m (add a unit: 10s)",
                "paved.yaml:9:17 aliases.e.strategy: every target has weight 0; give at least one a positive weight, or use strategy:"
                        + " fallback",
                "paved.yaml:10:27 resilience.max_retries: max_retries must be between 0 and 10, not 50",
                "paved.yaml:10:45 resilience.failure_rate: failure_rate (a percentage) must be between 1 and 100, not 0",
                "paved.yaml:10:68 resilience.retry_budget_ratio: 'lots' is not a number between 0 and 1; write a number such as 0.2",
                "paved.yaml:10:84 resilience.open_for: '1x' is not a duration; write a whole number with a unit: ms, s, m or h, such as"
                        + " 500ms, 30s, 2m",
                "paved.yaml:10:88 resilience.retries: unknown key 'retries'; valid keys: " + String.join(", ", ResilienceSection.KEYS));
    }
}
