package dev.paved.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbeddingOptionsTest {

    @Test
    void defaultsUseEveryProcessor() {
        EmbeddingOptions defaults = EmbeddingOptions.defaults();

        assertThat(defaults.intraOpThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(defaults.batchSize()).isEqualTo(32);
    }

    @Test
    void rejectsNonPositiveValues() {
        assertThatThrownBy(() -> new EmbeddingOptions(0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EmbeddingOptions(2, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
