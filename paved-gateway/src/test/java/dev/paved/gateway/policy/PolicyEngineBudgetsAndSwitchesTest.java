package dev.paved.gateway.policy;

import static dev.paved.gateway.policy.PolicyTesting.admit;
import static dev.paved.gateway.policy.PolicyTesting.chat;
import static dev.paved.gateway.policy.PolicyTesting.ctx;
import static dev.paved.gateway.policy.PolicyTesting.entry;
import static dev.paved.gateway.policy.PolicyTesting.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.config.TargetConfig;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyEngineBudgetsAndSwitchesTest {
    private final PolicyTesting t = new PolicyTesting();
    private final RequestContext a = ctx("tn_a", "key_a", "search");

    private PolicyConfig budgets(Budget tenant, Map<String, Budget> features) {
        return new PolicyConfig(RateLimits.NONE, RateLimits.NONE, Map.of(), Map.of(), tenant, Budget.NONE, Budget.NONE, Map.of(), Map.of(),
                features, new BigDecimal("0.5"), Map.of("gpt", "mini"), Map.of("locked", new TenantRule("eu", Set.of("mini"))));
    }

    @Test
    void softThresholdDegradesToTheCheaperAliasAndTheCapRefuses() {
        TrafficPolicy p = t.engine(budgets(new Budget(new BigDecimal("0.10"), null, null), Map.of()));
        Admission first = admit(p, chat(a, "gpt", false, null));
        assertThat(first.alias()).isEqualTo("gpt");
        assertThat(first.decisions()).isEmpty();
        first.release(entry(1, 1, "0.05"));
        Admission degraded = admit(p, chat(a, "gpt", false, null));
        assertThat(degraded.alias()).isEqualTo("mini");
        assertThat(degraded.decisions()).containsExactly("degrade:budget:tenant-day:gpt->mini");
        degraded.release(entry(1, 1, "0.0499999999"));
        admit(p, chat(a, "gpt", false, null)).release(entry(0, 0, "0.0000000001"));
        PavedException e = refusal(p, chat(a, "gpt", false, null));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.code()).isEqualTo("budget_exceeded");
        assertThat(e.getMessage()).contains("daily budget of your tenant").contains("$0.1").contains("2026-11-24T00:00:00Z");
        assertThat(e.headers()).containsEntry("retry-after", Long.toString(14 * 3600));
        t.now.set(Instant.parse("2026-11-24T00:00:01Z").toEpochMilli());
        assertThat(admit(p, chat(a, "gpt", false, null)).alias()).isEqualTo("gpt");
    }

    @Test
    void aCallThatEndsAfterMidnightChargesTheNewDay() {
        TrafficPolicy p = t.engine(budgets(new Budget(new BigDecimal("0.10"), null, null), Map.of()));
        t.now.set(Instant.parse("2026-11-23T23:59:59.500Z").toEpochMilli());
        Admission late = admit(p, chat(a, "gpt", false, null));
        t.now.set(Instant.parse("2026-11-24T00:00:00.500Z").toEpochMilli());
        late.release(entry(1, 1, "0.10"));
        PavedException e = refusal(p, chat(a, "gpt", false, null));
        assertThat(e.getMessage()).as("the cost lands on the 24th").contains("2026-11-25T00:00:00Z");
        t.now.set(Instant.parse("2026-11-23T23:59:59.900Z").toEpochMilli());
        assertThat(admit(p, chat(a, "gpt", false, null)).alias()).as("the 23rd was not charged").isEqualTo("gpt");
    }

    @Test
    void featureBudgetsCountOnlyThatFeatureAndSoftWithoutACheaperAliasIsRecorded() {
        TrafficPolicy p = t.engine(budgets(Budget.NONE, Map.of("search", new Budget(null, new BigDecimal("1"), null))));
        admit(p, chat(a, "mini", false, null)).release(entry(0, 0, "0.6"));
        Admission soft = admit(p, chat(a, "mini", false, null));
        assertThat(soft.alias()).isEqualTo("mini");
        assertThat(soft.decisions()).containsExactly("budget-soft:feature-month");
        soft.release(entry(0, 0, "0.4"));
        assertThat(refusal(p, chat(a, "mini", false, null)).getMessage()).contains("monthly budget of the feature 'search'");
        admit(p, chat(ctx("tn_a", "key_a", "other"), "mini", false, null));
    }

    @Test
    void killSwitchesRefuseWithAClearCode() {
        TrafficPolicy p = t.engine(PolicyConfig.NONE);
        Instant now = Instant.now();
        t.switches.replace(List.of(new KillSwitch(SwitchScope.ALIAS, "gpt", "provider incident", now)));
        PavedException alias = refusal(p, chat(a, "gpt", false, null));
        assertThat(alias.status()).isEqualTo(503);
        assertThat(alias.code()).isEqualTo("alias_disabled");
        assertThat(alias.getMessage()).contains("provider incident");
        admit(p, chat(a, "mini", false, null));

        t.switches.replace(List.of(new KillSwitch(SwitchScope.TENANT, "tn_a", null, now)));
        assertThat(refusal(p, chat(a, "mini", false, null))).extracting(PavedException::status, PavedException::code)
                .containsExactly(403, "tenant_disabled");
        admit(p, chat(ctx("tn_b", "key_b", null), "mini", false, null));

        t.switches.replace(List.of(new KillSwitch(SwitchScope.FEATURE, "search", null, now)));
        assertThat(refusal(p, chat(a, "mini", false, null)).code()).isEqualTo("feature_disabled");

        t.switches.replace(List.of(new KillSwitch(SwitchScope.GLOBAL, SwitchScope.GLOBAL_TARGET, "maintenance", now)));
        assertThat(refusal(p, chat(ctx("tn_b", "key_b", null), "mini", false, null))).extracting(PavedException::status, PavedException::code)
                .containsExactly(503, "inference_disabled");

        t.switches.replace(List.of());
        admit(p, chat(a, "gpt", false, null));
    }

    @Test
    void modelSwitchesSkipTargetsAndRefuseOnlyWhenEveryTargetIsOff() {
        TrafficPolicy p = t.engine(PolicyConfig.NONE);
        t.switches.replace(List.of(new KillSwitch(SwitchScope.MODEL, "oa/big", null, Instant.now())));
        assertThat(t.switches.killed(new TargetConfig("oa", "big"))).isTrue();
        assertThat(t.switches.killed(new TargetConfig("az", "big"))).isFalse();
        admit(p, chat(a, "gpt", false, null)); // az/big still serves
        t.switches.replace(List.of(new KillSwitch(SwitchScope.MODEL, "big", null, Instant.now())));
        assertThat(t.switches.killed(new TargetConfig("az", "big"))).isTrue();
        assertThat(refusal(p, chat(a, "gpt", false, null)).code()).isEqualTo("model_disabled");
    }

    @Test
    void tenantAllowListAndRegionComeFromTheTenantRules() {
        TrafficPolicy p = t.engine(budgets(Budget.NONE, Map.of()));
        RequestContext locked = ctx("tn_locked", "key_l", null);
        PavedException e = refusal(p, chat(locked, "gpt", false, null));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.code()).isEqualTo("model_not_allowed");
        admit(p, chat(locked, "mini", false, null));
        TenantRules rules = new TenantRules(Map.of("locked", new TenantRule("eu", Set.of("mini"))), TenantDirectory.of(Map.of("tn_locked", "locked")));
        assertThat(rules.homeRegion("tn_locked")).contains("eu");
        assertThat(rules.allowedAliases("tn_locked")).containsExactly("mini");
        assertThat(rules.homeRegion("tn_other")).isEmpty();
        assertThat(rules.mayUse("tn_other", "gpt")).isTrue();
    }

    @Test
    void degradeIsSkippedWhenTheCheaperAliasIsSwitchedOff() {
        TrafficPolicy p = t.engine(budgets(new Budget(new BigDecimal("1"), null, null), Map.of()));
        admit(p, chat(a, "gpt", false, null)).release(entry(0, 0, "0.7"));
        t.switches.replace(List.of(new KillSwitch(SwitchScope.ALIAS, "mini", null, Instant.now())));
        Admission ad = admit(p, chat(a, "gpt", false, null));
        assertThat(ad.alias()).isEqualTo("gpt");
        assertThat(ad.decisions()).containsExactly("budget-soft:tenant-day");
    }
}
