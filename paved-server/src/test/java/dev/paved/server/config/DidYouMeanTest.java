package dev.paved.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    private static final List<String> KEYS = List.of("type", "base_url", "api_key", "api_version", "headers", "timeout");

    @Test
    void suggestsCloseMisspellings() {
        assertThat(DidYouMean.closest("api_ky", KEYS)).contains("api_key");
        assertThat(DidYouMean.closest("baseurl", KEYS)).contains("base_url");
        assertThat(DidYouMean.closest("tpye", KEYS)).contains("type");
        assertThat(DidYouMean.closest("timout", KEYS)).contains("timeout");
    }

    @Test
    void caseAndDashVersusUnderscoreAreNotDifferences() {
        assertThat(DidYouMean.closest("Base-URL", KEYS)).contains("base_url");
    }

    @Test
    void adjacentSwapIsOneEdit() {
        assertThat(DidYouMean.distance("openia", "openai")).isEqualTo(1);
        assertThat(DidYouMean.closest("openia", List.of("anthropic", "local", "openai"))).contains("openai");
    }

    @Test
    void prefixOfALongerNameIsSuggested() {
        assertThat(DidYouMean.closest("azure", List.of("anthropic", "azure-openai", "local", "openai")))
                .contains("azure-openai");
    }

    @Test
    void farOffNamesGetNoSuggestion() {
        assertThat(DidYouMean.closest("colour", KEYS)).isEmpty();
        assertThat(DidYouMean.suffix("zzz", KEYS)).isEmpty();
        assertThat(DidYouMean.suffix("headrs", KEYS)).isEqualTo(" (did you mean 'headers'?)");
    }

    @Test
    void closestWins() {
        assertThat(DidYouMean.closest("api_versio", KEYS)).contains("api_version");
    }
}
