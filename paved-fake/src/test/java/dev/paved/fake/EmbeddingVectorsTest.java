package dev.paved.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EmbeddingVectorsTest {

  @Test
  void vectorsAreUnitLengthAndStableForAHash() {
    float[] vector = EmbeddingVectors.vector(EmbeddingVectors.hash("stable"), 1536);
    double sum = 0;
    for (float value : vector) {
      sum += (double) value * value;
    }

    assertThat(Math.sqrt(sum)).isCloseTo(1.0, within(1e-5));
    assertThat(EmbeddingVectors.vector(EmbeddingVectors.hash("stable"), 1536)).containsExactly(vector);
    assertThat(EmbeddingVectors.hash("stable")).isNotEqualTo(EmbeddingVectors.hash("Stable"));
    assertThat(EmbeddingVectors.hash(new int[] {1, 2})).isNotEqualTo(EmbeddingVectors.hash(new int[] {2, 1}));
  }

  @Test
  void wordCountIsWhitespaceSeparated() {
    assertThat(PromptWords.count("  one\ttwo\nthree  ")).isEqualTo(3);
    assertThat(PromptWords.count("")).isZero();
    assertThat(PromptWords.count(null)).isZero();
  }

  @Test
  void contentSplitNeverBreaksASurrogatePair() {
    String text = "abcdefg\uD83D\uDE00xyz";

    ContentPieces pieces = ContentPieces.split(text, 8);

    assertThat(pieces.text()).isEqualTo(text);
    assertThat(pieces.piece(0)).isEqualTo("abcdefg\uD83D\uDE00");
  }
}
