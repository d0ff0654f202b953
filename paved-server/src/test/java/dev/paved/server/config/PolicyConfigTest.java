package dev.paved.server.config;

import static dev.paved.server.config.ConfigTestSupport.failure;
import static dev.paved.server.config.ConfigTestSupport.parse;
import static dev.paved.server.config.ConfigTestSupport.problemLines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.gateway.policy.Budget;
import dev.paved.gateway.policy.BudgetScope;
import dev.paved.gateway.policy.PolicyConfig;
import dev.paved.gateway.policy.RateLimits;
import java.math.BigDecimal;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyConfigTest {
    private static final String ALIASES = """
            providers:
              oa: {type: openai, base_url: "http://localhost:1"}
            aliases:
              big: oa/big
              small: oa/small
            """;

    @Test
    void readsLimitsBudgetsAndTenantRulesWithOverridesOverDefaults() {
        PolicyConfig p = parse(ALIASES + """
                limits:
                  tenant: {requests_per_minute: 600, tokens_per_minute: 100000, concurrent_requests: 20, batch_concurrent_requests: 5}
                  key: {requests_per_minute: 60}
                  tenants:
                    acme: {requests_per_minute: 1200}
                  keys:
                    key_abc: {concurrent_streams: 2}
                budgets:
                  soft_at: 0.75
                  tenant: {daily_usd: 50, monthly_usd: 1000}
                  feature: {monthly_usd: 100}
                  tenants:
                    acme: {daily_usd: 5, soft_at: 0.5}
                  features:
                    search: {monthly_usd: 10}
                  degrade_to:
                    big: small
                tenants:
                  acme: {region: eu, allowed_aliases: [small]}
                """).policy();
        assertThat(p.limitsOfTenant("acme")).isEqualTo(new RateLimits(1200L, 100000L, 20L, null, 5L, null));
        assertThat(p.limitsOfTenant("other").requestsPerMinute()).isEqualTo(600L);
        assertThat(p.limitsOfKey("key_abc")).isEqualTo(new RateLimits(60L, null, null, 2L, null, null));
        assertThat(p.budgetOf(BudgetScope.TENANT, "acme")).isEqualTo(new Budget(new BigDecimal("5"), new BigDecimal("1000"), new BigDecimal("0.5")));
        assertThat(p.budgetOf(BudgetScope.TENANT, "other").softAt()).isEqualByComparingTo("0.75");
        assertThat(p.budgetOf(BudgetScope.FEATURE, "search").monthlyUsd()).isEqualByComparingTo("10");
        assertThat(p.budgetOf(BudgetScope.KEY, "key_x").isEmpty()).isTrue();
        assertThat(p.degradeTo()).containsEntry("big", "small");
        assertThat(p.tenantRules().get("acme").region()).isEqualTo("eu");
        assertThat(p.tenantRules().get("acme").allowedAliases()).isEqualTo(Set.of("small"));
        assertThat(p.needsTenantNames()).isTrue();
    }

    @Test
    void noSectionsMeansNothingIsCounted() {
        assertThat(parse(ALIASES).policy().countsAnything()).isFalse();
    }

    @Test
    void reportsEveryMistakeWithLineColumnAndSuggestion() {
        ConfigException e = failure(ALIASES + """
                limits:
                  tenant: {requests_per_minut: 10, tokens_per_minute: 0}
                  keys:
                    acme: {requests_per_minute: 1}
                budgets:
                  soft_at: 1.5
                  key: {daily_usd: "$5"}
                  degrade_to:
                    big: smal
                tenants:
                  Acme: {region: eu}
                  beta: {allowed_aliases: [bigg], zone: x}
                """);
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:7:12 limits.tenant.requests_per_minut: unknown key 'requests_per_minut'; valid keys: requests_per_minute,"
                        + " tokens_per_minute, concurrent_requests, concurrent_streams, batch_concurrent_requests, batch_concurrent_streams"
                        + " (did you mean 'requests_per_minute'?)",
                "paved.yaml:7:55 limits.tenant.tokens_per_minute: limit 0 must be at least 1; leave the key out for no limit",
                "paved.yaml:9:5 limits.keys.acme: 'acme' is not valid here; keys are named by key ids (key_...)",
                "paved.yaml:11:12 budgets.soft_at: soft_at 1.5 must be greater than 0 and at most 1 (a fraction of the cap, such as 0.8)",
                "paved.yaml:12:20 budgets.key.daily_usd: write budgets as plain numbers without '$', such as 25.00",
                "paved.yaml:14:10 budgets.degrade_to.big: unknown alias 'smal'; defined aliases: bge-small-en-v1.5, big, extractive, small (did you mean 'small'?)",
                "paved.yaml:16:3 tenants.Acme: 'Acme' is not a tenant name; tenants are named by 1-64 of a-z, 0-9, '-', '_'",
                "paved.yaml:17:28 tenants.beta.allowed_aliases[0]: unknown alias 'bigg'; defined aliases: bge-small-en-v1.5, big, extractive, small (did you mean 'big'?)",
                "paved.yaml:17:35 tenants.beta.zone: unknown key 'zone'; valid keys: region, allowed_aliases");
    }

    @Test
    void degradeMustKeepTheAliasType() {
        ConfigException e = failure(ALIASES + """
                budgets:
                  degrade_to: {big: bge-small-en-v1.5}
                """);
        assertThat(problemLines(e)).singleElement().asString().contains("can only degrade to an alias of its own type");
    }
}
