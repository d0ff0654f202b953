package dev.paved.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VectorMathTest {

    @Test
    void cosineOfKnownVectors() {
        assertThat(VectorMath.cosine(new float[] {1, 0}, new float[] {0, 1})).isCloseTo(0.0, within(1e-12));
        assertThat(VectorMath.cosine(new float[] {1, 2}, new float[] {2, 4})).isCloseTo(1.0, within(1e-12));
        assertThat(VectorMath.cosine(new float[] {1, 0}, new float[] {-3, 0})).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void normalizesToUnitLength() {
        float[] v = VectorMath.normalized(new float[] {3, 4});

        assertThat(v).containsExactly(new float[] {0.6f, 0.8f}, within(1e-7f));
        assertThat(VectorMath.norm(v)).isCloseTo(1.0, within(1e-7));
    }

    @Test
    void rejectsMismatchedAndDegenerateVectors() {
        assertThatThrownBy(() -> VectorMath.cosine(new float[2], new float[3]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VectorMath.cosine(new float[2], new float[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VectorMath.normalized(new float[2])).isInstanceOf(EmbeddingException.class);
    }
}
