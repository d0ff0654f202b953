package dev.paved.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.Pricing;
import dev.paved.core.RequestContext;
import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.ProviderType;
import dev.paved.gateway.config.TargetConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AliasRouterTest {
    private final GatewayConfig config = new GatewayConfig(
            Map.of("oa", new ProviderConfig("oa", ProviderType.OPENAI, URI.create("http://x/v1"), "k", null, null, null),
                    "local", new ProviderConfig("local", ProviderType.LOCAL, null, null, null, null, null)),
            Map.of("fast", new AliasConfig("fast", AliasKind.CHAT, List.of(new TargetConfig("oa", "gpt-x"))),
                    "quality", new AliasConfig("quality", AliasKind.CHAT, List.of(new TargetConfig("oa", "gpt-y"))),
                    "embed", new AliasConfig("embed", AliasKind.EMBEDDING, List.of(new TargetConfig("local", "bge")))),
            Map.of("oa/gpt-x", new Pricing(BigDecimal.ONE, BigDecimal.TEN, null, null),
                    "gpt-y", new Pricing(BigDecimal.TWO, BigDecimal.TWO, null, null)));
    private final AliasRouter router = new AliasRouter(config);

    private static RequestContext ctx(Set<String> allowed) {
        return new RequestContext("r", "t".repeat(32), "s".repeat(16), "tn_a", "key_a", null, allowed);
    }

    @Test
    void routesToPrimaryTargetWithQualifiedPriceFirst() {
        Route r = router.route(ctx(Set.of()), "fast", AliasKind.CHAT);
        assertThat(r.target().model()).isEqualTo("gpt-x");
        assertThat(r.provider().name()).isEqualTo("oa");
        assertThat(r.pricing().outputPerMillion()).isEqualByComparingTo("10");
        assertThat(router.route(ctx(Set.of()), "quality", AliasKind.CHAT).pricing().inputPerMillion()).isEqualByComparingTo("2");
    }

    @Test
    void unknownAliasIsNotFound() {
        assertThatThrownBy(() -> router.route(ctx(Set.of()), "gpt-x", AliasKind.CHAT))
                .isInstanceOfSatisfying(PavedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.code()).isEqualTo("model_not_found");
                });
    }

    @Test
    void aliasOutsideTheKeysAllowListIsForbidden() {
        assertThatThrownBy(() -> router.route(ctx(Set.of("fast")), "quality", AliasKind.CHAT))
                .isInstanceOfSatisfying(PavedException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION));
        assertThat(router.visibleTo(ctx(Set.of("fast")))).extracting(AliasConfig::name).containsExactly("fast");
        assertThat(router.visibleTo(ctx(Set.of()))).extracting(AliasConfig::name).containsExactly("embed", "fast", "quality");
    }

    @Test
    void embeddingAliasCannotServeChat() {
        assertThatThrownBy(() -> router.route(ctx(Set.of()), "embed", AliasKind.CHAT))
                .isInstanceOfSatisfying(PavedException.class, e -> assertThat(e.code()).isEqualTo("model_kind_mismatch"));
    }
}
