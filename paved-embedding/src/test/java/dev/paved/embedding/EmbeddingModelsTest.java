package dev.paved.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingModelsTest {

    @Test
    void knowsBgeSmall() {
        assertThat(EmbeddingModels.knownIds()).containsExactly("bge-small-en-v1.5");
    }

    @Test
    void rejectsUnknownIdsNamingTheKnownOnes() {
        assertThatThrownBy(() -> EmbeddingModels.get("text-embedding-3-small"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'text-embedding-3-small'")
                .hasMessageContaining("bge-small-en-v1.5");
        assertThatThrownBy(() -> EmbeddingModels.get(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bge-small-en-v1.5");
    }

    @Test
    void sharesOneInstanceThatCallersCannotClose() {
        EmbeddingModel first = EmbeddingModels.get("bge-small-en-v1.5");
        first.close();
        EmbeddingModel second = EmbeddingModels.get("bge-small-en-v1.5");

        assertThat(second).isSameAs(first);
        assertThat(second.embed(List.of("still usable")).get(0)).hasSize(384);
    }
}
